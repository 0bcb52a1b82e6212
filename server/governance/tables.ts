import type { ColumnType, Generated } from 'kysely';
import type { CorpusTables } from './corpus/tables.ts';
import type { PersonaTables } from './personas/tables.ts';

// Kysely row types of migration 0003-governance. Added to the store's `Database` interface.

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** int8 columns come back as strings from node-postgres; callers convert with Number(). */
type BigIntColumn = ColumnType<string | number | bigint, number, number>;
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

/** One row per log position. `entry_json` is the canonical JSON whose leaf hash is `leaf_hash`. */
export interface GovAuditEntriesTable {
  idx: number;
  leaf_hash: string;
  entry_json: string;
  /** Copied out of the entry for queries (metrics, filters); the entry is the authority. */
  kind: string;
  room_id: string | null;
  decision: string | null;
  created_at: CreatedAt;
}

/** The tree head signed right after each append. */
export interface GovAuditSthsTable {
  tree_size: number;
  root_hash: string;
  timestamp_ms: BigIntColumn;
  key_id: string;
  signature: string;
}

/** A single row (id 1) locked by every append: the size, root and right edge of the tree. */
export interface GovAuditHeadTable {
  id: number;
  tree_size: number;
  root_hash: string;
  frontier: Json<string[]>;
}

export interface GovAuditKeysTable {
  key_id: string;
  public_key_pem: string;
  created_at: CreatedAt;
  retired_at: NullableTimestamp;
}

export interface GovStaffTable {
  id: string;
  name: string;
  roles: Json<string[]>;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
}

export interface GovConsentRecordsTable {
  id: string;
  persona_id: string;
  granted_by: Json<{ name: string; role: string }>;
  delegates: Json<{ name: string; role: string }[]>;
  signed_by: Json<{ name: string; role: string }>;
  signed_at: Timestamp;
  valid_from: Timestamp;
  valid_until: NullableTimestamp;
  scope: Json<{ rooms: string[]; topics: string[]; modalities: string[] }>;
  revoked_at: NullableTimestamp;
  revoked_by: Json<{ name: string; role: string } | null> | null;
  revoke_reason: string | null;
  source: string;
  recorded_by: string;
  /** Set once the expiry was announced and logged (by whichever instance got there first). */
  expiry_logged_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface GovRoomControlsTable {
  room_id: string;
  paused: boolean;
  speaker: string;
  seq: BigIntColumn;
  reason: string | null;
  updated_by: string;
  updated_at: Timestamp;
}

/** A single row (id 1): the kill switch. */
export interface GovGlobalControlTable {
  id: number;
  killed: boolean;
  seq: BigIntColumn;
  reason: string | null;
  updated_by: string;
  updated_at: Timestamp;
}

export interface GovApprovalsTable {
  id: string;
  room_id: string;
  persona_id: string;
  question_id: string | null;
  question: string;
  asker: Json<{ identity: string; name: string | null; anonymous: boolean } | null> | null;
  topic: string | null;
  reason: string;
  draft_text: string;
  final_text: string | null;
  status: string;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  audit_index: number | null;
  followup_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GovFollowupsTable {
  id: string;
  room_id: string;
  question_id: string | null;
  question: string;
  /** Kept to notify the asker, even when anonymous; never exposed for anonymous askers. */
  asker_identity: string | null;
  asker_name: string | null;
  asker_anonymous: boolean;
  origin: string;
  reason: string;
  topic: string | null;
  team: string;
  status: string;
  draft_text: string | null;
  answer_text: string | null;
  due_at: Timestamp;
  approval_id: string | null;
  published_at: NullableTimestamp;
  published_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GovFollowupHistoryTable {
  id: Generated<number>;
  followup_id: string;
  at: CreatedAt;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

/** A single row (id 1) holding the routing table as JSON; absent: the built-in defaults. */
export interface GovFollowupRoutingTable {
  id: number;
  table_json: Json<unknown>;
  updated_by: string;
  updated_at: Timestamp;
}

/** The governance tables, merged into the store's `Database` interface (0004-corpus adds personas and corpus). */
export interface GovernanceTables extends PersonaTables, CorpusTables {
  gov_audit_entries: GovAuditEntriesTable;
  gov_audit_sths: GovAuditSthsTable;
  gov_audit_head: GovAuditHeadTable;
  gov_audit_keys: GovAuditKeysTable;
  gov_staff: GovStaffTable;
  gov_consent_records: GovConsentRecordsTable;
  gov_room_controls: GovRoomControlsTable;
  gov_global_control: GovGlobalControlTable;
  gov_approvals: GovApprovalsTable;
  gov_followups: GovFollowupsTable;
  gov_followup_history: GovFollowupHistoryTable;
  gov_followup_routing: GovFollowupRoutingTable;
}
