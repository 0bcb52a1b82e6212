import type { ColumnType } from 'kysely';

// Kysely row types of migration 0004-corpus (corpus document versions).

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

/**
 * One version of one corpus document. The content columns (front matter, body, hash) never change
 * after insert; only the review columns (status, approval, withdrawal) do.
 */
export interface GovCorpusVersionsTable {
  persona_id: string;
  /** File name inside corpus/, e.g. `hybrid-work.md`. */
  file: string;
  version: number;
  title: string;
  /** Front matter `date`, ISO yyyy-mm-dd. */
  doc_date: string;
  source: string;
  /** Front matter `approved_by`: who approved the statement itself. */
  approved_by: string;
  topics: Json<string[]>;
  /** Front matter `version`, when the file declares one (informational; `version` is the registry's). */
  declared_version: number | null;
  /** The normalised body the twin quotes; `hash` is its sha256. */
  body: string;
  hash: string;
  warnings: Json<string[]>;
  status: 'pending' | 'approved' | 'withdrawn';
  origin: 'folder' | 'upload';
  note: string | null;
  uploaded_by: string;
  uploaded_at: Timestamp;
  /** Who approved this version in the registry (an actor), and when. */
  approval_by: string | null;
  approval_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdrawn_at: NullableTimestamp;
  withdraw_reason: string | null;
}

export interface CorpusTables {
  gov_corpus_versions: GovCorpusVersionsTable;
}
