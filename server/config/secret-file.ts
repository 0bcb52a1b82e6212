import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors.ts';

/** A random printable secret: base64url of `bytes` random bytes. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface PersistedValue<T> {
  value: T;
  /** True when this call created the file (first start). */
  created: boolean;
}

/**
 * Reads `dir/fileName`, or creates it with `generate()` and mode 0600 when missing. Creation uses
 * O_EXCL so two processes starting together agree on one value. `parse` validates what is read and
 * throws a message naming the problem.
 */
export function readOrCreateFile<T>(
  dir: string,
  fileName: string,
  generate: () => T,
  serialize: (value: T) => string,
  parse: (text: string) => T,
): PersistedValue<T> {
  const path = join(dir, fileName);
  ensureDir(dir);
  const value = generate();
  try {
    writeFileSync(path, serialize(value), { flag: 'wx', mode: 0o600 });
    return { value, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError(path, 'cannot be written', err);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
    // Tighten permissions a user may have loosened by copying the directory around.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch (err) {
    throw fileError(path, 'cannot be read', err);
  }
  try {
    return { value: parse(text), created: false };
  } catch (err) {
    throw fileError(path, err instanceof Error ? err.message : 'is not valid', err);
  }
}

/** A single-line secret file: trimmed, printable ASCII, at least `minChars`. */
export function readOrCreateSecret(dir: string, fileName: string, minChars: number): PersistedValue<string> {
  return readOrCreateFile(
    dir,
    fileName,
    () => randomSecret(),
    (s) => `${s}\n`,
    (text) => {
      const s = text.trim();
      if (!/^[\x21-\x7e]+$/.test(s) || s.length < minChars) {
        throw new Error(`does not hold a secret of at least ${minChars} printable characters`);
      }
      return s;
    },
  );
}

export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ConfigError(
      [
        {
          name: 'DATA_DIR',
          problem: `${JSON.stringify(dir)} cannot be created`,
          expected: 'a writable directory',
        },
      ],
      { cause: err },
    );
  }
}

function fileError(path: string, problem: string, cause: unknown): ConfigError {
  const detail = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new ConfigError(
    [
      {
        name: 'DATA_DIR',
        problem: `${path} ${problem}${detail ? ` (${detail})` : ''}`,
        expected: 'a readable, writable data directory; delete the file to regenerate it',
      },
    ],
    { cause },
  );
}
