import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Avatar files on disk: DATA_DIR/avatars/<persona>/<sha256>.glb. Content-addressed, so a file is
 * never overwritten with other bytes and an upload of the same file twice stores it once.
 */
export class AvatarStore {
  readonly #root: string;

  constructor(dataDir: string) {
    this.#root = join(dataDir, 'avatars');
  }

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Where the file for this persona and hash lives (ids are validated kebab-case; hashes hex). */
  path(personaId: string, sha256: string): string {
    if (!/^[a-z0-9-]+$/.test(personaId) || !/^[0-9a-f]{64}$/.test(sha256))
      throw new Error(`invalid avatar path parts: ${personaId} / ${sha256}`);
    return join(this.#root, personaId, `${sha256}.glb`);
  }

  /** Writes the file (atomically: a temporary name, then rename) unless it is already there. */
  async put(personaId: string, sha256: string, bytes: Uint8Array): Promise<string> {
    const path = this.path(personaId, sha256);
    if (await this.has(personaId, sha256)) return path;
    await mkdir(join(this.#root, personaId), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    return path;
  }

  async has(personaId: string, sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(personaId, sha256))).isFile();
    } catch {
      return false;
    }
  }
}
