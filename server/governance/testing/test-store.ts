import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { DatabaseConfig } from '../../config/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { AuditKeyStore } from '../audit/keys.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { EMPTY_ROOT } from '../audit/merkle.ts';
import { GovernanceEvents } from '../events.ts';

export interface AuditFixture {
  store: Store;
  dataDir: string;
  keys: AuditKeyStore;
  events: GovernanceEvents;
  audit: AuditLog;
  /** Empties every governance table (the audit log back to size 0), keeping the keys. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real database with every migration (default: an in-memory PGlite), a temporary DATA_DIR with
 * its own audit signing key, and an audit log.
 */
export async function openAuditFixture(
  database: DatabaseConfig = { kind: 'pglite', dir: 'memory://' },
): Promise<AuditFixture> {
  const log = pino({ level: 'silent' });
  const store = await openStore(database, log);
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-gov-'));
  const keys = AuditKeyStore.open(dataDir);
  const events = new GovernanceEvents(log);
  const audit = await AuditLog.open({
    db: store.db,
    keys,
    log,
    events,
    podiumVersion: '0.0.0-test',
    pseudonymKey: Buffer.alloc(32, 7),
  });
  return {
    store,
    dataDir,
    keys,
    events,
    audit,
    async reset() {
      await sql`truncate gov_audit_entries, gov_audit_sths, gov_consent_records, gov_room_controls, gov_approvals, gov_followups, gov_followup_history, gov_followup_routing, gov_staff`.execute(
        store.db,
      );
      await sql`update gov_audit_head set tree_size = 0, root_hash = ${EMPTY_ROOT.toString('hex')}, frontier = '[]'::jsonb`.execute(
        store.db,
      );
      await sql`update gov_global_control set killed = false, reason = null`.execute(store.db);
    },
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
