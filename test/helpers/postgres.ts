import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** postgres://podium@127.0.0.1:PORT/podium_test */
  url: string;
  /** e.g. "15.18" */
  version: string;
  stop(): Promise<void>;
}

/**
 * The directory holding initdb and pg_ctl: found on PATH (following symlinks, as Debian links
 * them from /usr/local/bin), else the newest /usr/lib/postgresql/<version>/bin. Null when absent.
 */
export function findPostgresBin(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const initdb = join(dir, 'initdb');
    if (dir && existsSync(initdb)) {
      const real = dirname(realpathSync(initdb));
      if (existsSync(join(real, 'pg_ctl')) && existsSync(join(real, 'postgres'))) return real;
    }
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

interface RunAs {
  /** Prefix for commands: [] when we are not root, else runuser/setpriv to an unprivileged user. */
  prefix: string[];
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root, run it as `postgres` (or `nobody`) instead. */
function unprivilegedUser(): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) continue;
    const ids = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    if (spawnSync('sh', ['-c', 'command -v runuser'], { stdio: 'ignore' }).status === 0) {
      return { prefix: ['runuser', '-u', name, '--'], ...ids };
    }
    return { prefix: ['setpriv', `--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--init-groups', '--'], ...ids };
  }
  throw new Error('running as root and found no unprivileged user (postgres, nobody) to run PostgreSQL as');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL: initdb into a temp dir, a free port on 127.0.0.1, its unix socket
 * inside the temp dir, durability off (tests only), database `podium_test`. `stop()` shuts it down
 * and deletes everything; an exit hook does the same if the test process dies first.
 */
export async function startTestPostgres(bin: string): Promise<TestPostgres> {
  const as = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'podium-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  if (as) chownSync(dir, as.uid, as.gid);
  const command = (name: string, args: string[]): [string, string[]] => {
    const [file, ...rest] = [...(as?.prefix ?? []), join(bin, name), ...args];
    return [file as string, rest];
  };
  const exec = (name: string, args: string[]) => {
    const [file, rest] = command(name, args);
    return run(file, rest, { cwd: dir, timeout: 60_000 });
  };
  const stopSync = () => {
    const [file, rest] = command('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    spawnSync(file, rest, { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync);

  try {
    await exec('initdb', [
      '-D',
      dataDir,
      '-U',
      'podium',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', opts, '-w', '-t', '60', 'start']);
        break;
      } catch (err) {
        // Another process may have taken the port between freePort() and postgres binding it.
        if (attempt >= 2) throw err;
      }
    }
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'podium', database: 'postgres' });
    await admin.connect();
    let version: string;
    try {
      await admin.query('create database podium_test');
      version =
        (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
    } finally {
      await admin.end();
    }
    return {
      url: `postgres://podium@127.0.0.1:${port}/podium_test`,
      version: version.split(' ')[0] ?? version,
      async stop() {
        process.off('exit', stopSync);
        try {
          await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    process.off('exit', stopSync);
    stopSync();
    throw new Error(`could not start a test PostgreSQL from ${bin}${log ? `:\n${log}` : ''}`, { cause: err });
  }
}
