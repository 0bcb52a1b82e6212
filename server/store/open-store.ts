import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config/index.ts';
import type { Database } from './database.ts';
import { StoreError } from './errors.ts';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type StoreBackend = 'pglite' | 'postgresql';

export interface Store {
  readonly db: Kysely<Database>;
  readonly backend: StoreBackend;
  /** Resolves when the database answers a trivial query; rejects with StoreError otherwise. */
  ping(): Promise<void>;
  /** e.g. "PostgreSQL 15.18 ..." */
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens the database the config names (PGlite under a directory, or PostgreSQL by URL) and brings
 * its schema up to date. `dir: 'memory://'` gives an in-memory PGlite for tests.
 */
export async function openStore(config: DatabaseConfig, log: Logger): Promise<Store> {
  const storeLog = log.child({ module: 'store' });
  let dialect: Dialect;
  let backend: StoreBackend;
  if (config.kind === 'pglite') {
    backend = 'pglite';
    let client: PGlite;
    try {
      if (!config.dir.startsWith('memory://')) mkdirSync(config.dir, { recursive: true, mode: 0o700 });
      client = await PGlite.create(config.dir);
    } catch (err) {
      throw new StoreError('unreachable', `Cannot open the embedded database in ${config.dir}`, {
        cause: err,
        retryable: false,
      });
    }
    dialect = new PGliteDialect(client);
  } else {
    backend = 'postgresql';
    const pool = new pg.Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the process.
    pool.on('error', (err) => storeLog.error({ err }, 'idle database connection failed'));
    dialect = new PostgresDialect({ pool });
  }

  const db = new Kysely<Database>({ dialect });
  let closed = false;
  const store: Store = {
    db,
    backend,
    async ping() {
      if (closed) throw new StoreError('closed', 'The database is closed');
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw new StoreError('unreachable', 'The database does not answer', { cause: err });
      }
    },
    async serverVersion() {
      const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
      return rows[0]?.version ?? 'unknown';
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };

  try {
    await store.ping();
    await migrateToLatest(db as unknown as Kysely<unknown>, storeLog);
  } catch (err) {
    await store.close().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    throw new StoreError('unreachable', 'Cannot prepare the database', { cause: err });
  }
  storeLog.info({ backend }, 'database ready');
  return store;
}
