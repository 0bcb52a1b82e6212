// The audit log CLI (`npm run audit -- <command>`), using the server's configuration (DATA_DIR,
// DATABASE_URL) to find the database:
//   export FILE          write the log as JSON Lines (FILE "-" = stdout)
//   verify [FILE]        verify an export, or the live database when no FILE is given
//   keys                 print the public keys (PEM) that sign tree heads
//   sth                  print the latest signed tree head
// Options: --keys DIR   trust only the public keys (*.pub) in DIR (default for the live database:
//                       DATA_DIR/audit-keys, when it exists).
// Exit status: 0 intact, 1 verification failed (the first problem is printed), 2 usage or I/O error.
import { cpSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { AuditVerifyReportDto } from '../common/governance.ts';
import { parseEnv, type DatabaseConfig } from '../server/config/index.ts';
import { verifyExportText } from '../server/governance/audit/export-format.ts';
import { AUDIT_KEYS_DIR, readPublicKeyDir, type PublicKeyFile } from '../server/governance/audit/keys.ts';
import type { Store } from '../server/store/index.ts';

const USAGE = `usage: npm run audit -- export FILE | verify [FILE] [--keys DIR] | keys | sth`;

class UsageError extends Error {}

interface Args {
  command: string;
  file: string | null;
  keysDir: string | null;
}

function parseArgs(argv: string[]): Args {
  const rest: string[] = [];
  let keysDir: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--keys') {
      const dir = argv[++i];
      if (!dir) throw new UsageError('--keys needs a folder of *.pub files');
      keysDir = resolve(dir);
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      rest.push(a);
    }
  }
  const [command, file, extra] = rest;
  if (!command || !['export', 'verify', 'keys', 'sth'].includes(command)) throw new UsageError(USAGE);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}\n${USAGE}`);
  if (command === 'export' && !file) throw new UsageError('export needs a FILE (or - for stdout)');
  return { command, file: file ?? null, keysDir };
}

/**
 * The same database the server uses, from the same environment variables. An embedded (PGlite)
 * database is copied first: PGlite is single-process, and the server may be running on it.
 */
async function openDatabase(): Promise<{ store: Store; dataDir: string; cleanup: () => Promise<void> }> {
  const env = parseEnv(process.env);
  const log = pino({ level: 'warn' }, pino.destination(2));
  let config: DatabaseConfig;
  let copy: string | null = null;
  if (env.databaseUrl !== null) {
    config = { kind: 'postgres', url: env.databaseUrl };
  } else {
    const dir = join(env.dataDir, 'db');
    if (!existsSync(dir))
      throw new Error(`No database in ${dir} (set DATA_DIR or DATABASE_URL as for the server)`);
    copy = mkdtempSync(join(tmpdir(), 'podium-audit-'));
    cpSync(dir, join(copy, 'db'), { recursive: true });
    config = { kind: 'pglite', dir: join(copy, 'db') };
  }
  // Loaded only for commands that need the database: verifying a file stays quick.
  const { openStore } = await import('../server/store/index.ts');
  const store = await openStore(config, log);
  return {
    store,
    dataDir: env.dataDir,
    async cleanup() {
      await store.close();
      if (copy) rmSync(copy, { recursive: true, force: true });
    },
  };
}

function pinnedKeys(dir: string): PublicKeyFile[] {
  const keys = readPublicKeyDir(dir);
  if (keys.length === 0) throw new UsageError(`no public keys (*.pub) in ${dir}`);
  return keys;
}

function report(r: AuditVerifyReportDto, what: string): number {
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  if (r.ok) {
    process.stdout.write(
      `OK: ${what} is intact: ${r.entries} entries, tree size ${r.treeSize}, root ${r.rootHash}\n`,
    );
    return 0;
  }
  process.stdout.write(`FAILED: ${what}: ${r.problem}\n`);
  return 1;
}

async function run(args: Args): Promise<number> {
  if (args.command === 'verify' && args.file) {
    let text: string;
    try {
      text = readFileSync(args.file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${args.file}: ${(err as Error).message}`, { cause: err });
    }
    const pinned = args.keysDir ? pinnedKeys(args.keysDir) : undefined;
    return report(verifyExportText(text, pinned ? { pinned } : {}), args.file);
  }

  const db = await openDatabase();
  try {
    const { AuditReader } = await import('../server/governance/audit/audit-reader.ts');
    const reader = new AuditReader(db.store.db, pino({ level: 'warn' }, pino.destination(2)));
    switch (args.command) {
      case 'verify': {
        const defaultDir = join(db.dataDir, AUDIT_KEYS_DIR);
        const dir = args.keysDir ?? (readPublicKeyDir(defaultDir).length > 0 ? defaultDir : null);
        if (!dir)
          process.stderr.write(
            `warning: no pinned keys (${defaultDir} is empty); trusting the database's keys\n`,
          );
        return report(
          await reader.verify(dir ? { pinned: pinnedKeys(dir) } : {}),
          'the audit log in the database',
        );
      }
      case 'export': {
        const out: NodeJS.WritableStream = args.file === '-' ? process.stdout : createWriteStream(args.file!);
        let lines = 0;
        for await (const line of reader.exportLines()) {
          if (!out.write(line)) await once(out, 'drain');
          lines++;
        }
        if (out !== process.stdout) {
          out.end();
          await once(out, 'finish');
          process.stderr.write(`exported ${lines - 1} entries and the signed tree head to ${args.file}\n`);
        }
        return 0;
      }
      case 'keys': {
        for (const k of await reader.publicKeys()) {
          process.stdout.write(
            `# ${k.keyId} created ${k.createdAt}${k.retiredAt ? ` retired ${k.retiredAt}` : ''}\n${k.publicKeyPem.trim()}\n`,
          );
        }
        return 0;
      }
      default: {
        const sth = await reader.latestSth();
        process.stdout.write(`${JSON.stringify(sth ?? { treeSize: 0 }, null, 2)}\n`);
        return 0;
      }
    }
  } finally {
    await db.cleanup();
  }
}

try {
  process.exitCode = await run(parseArgs(process.argv.slice(2)));
} catch (err) {
  process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
