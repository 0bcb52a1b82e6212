import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Logger } from 'pino';
import { StoreError } from './errors.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** Applies every pending migration; Kysely's lock makes concurrent starts safe on PostgreSQL. */
export async function migrateToLatest(db: Kysely<unknown>, log: Logger): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const name of applied) log.info({ migration: name }, 'migration applied');
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new StoreError('migration_failed', `Database migration ${failed ?? ''} failed`.replace('  ', ' '), {
      cause: error,
    });
  }
  return applied;
}
