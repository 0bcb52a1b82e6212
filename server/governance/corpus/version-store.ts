import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { GovernanceError } from '../errors.ts';
import type { VersionRow } from './model.ts';
import type { DocumentContent } from './twin-documents.ts';

// Row access of the corpus registry (gov_corpus_versions), shared by its operations.

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts one version; its content columns never change afterwards. */
export async function insertVersion(
  t: Transaction<Database>,
  personaId: string,
  file: string,
  version: number,
  c: DocumentContent,
  warnings: string[],
  review: {
    status: 'approved' | 'pending';
    origin: 'folder' | 'upload';
    note: string | null;
    actor: string;
  },
): Promise<VersionRow> {
  const now = new Date();
  return t
    .insertInto('gov_corpus_versions')
    .values({
      persona_id: personaId,
      file,
      version,
      title: c.title,
      doc_date: c.date,
      source: c.source,
      approved_by: c.approvedBy,
      topics: JSON.stringify(c.topics),
      declared_version: c.declaredVersion,
      body: c.body,
      hash: c.hash,
      warnings: JSON.stringify(warnings),
      status: review.status,
      origin: review.origin,
      note: review.note,
      uploaded_by: review.actor,
      uploaded_at: now,
      approval_by: review.status === 'approved' ? review.actor : null,
      approval_at: review.status === 'approved' ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function requirePersona(db: Db, personaId: string): Promise<void> {
  const row = await db.selectFrom('gov_personas').select('id').where('id', '=', personaId).executeTakeFirst();
  if (!row) throw new GovernanceError('not_found', `Persona ${personaId} not found`);
}

/** Serialises changes to one persona's corpus (version numbers, approve/withdraw races). */
export async function lockPersona(t: Transaction<Database>, personaId: string): Promise<void> {
  const row = await t
    .selectFrom('gov_personas')
    .select('id')
    .where('id', '=', personaId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new GovernanceError('not_found', `Persona ${personaId} not found`);
}

export async function rowsOf(db: Db, personaId: string, file: string): Promise<VersionRow[]> {
  return db
    .selectFrom('gov_corpus_versions')
    .selectAll()
    .where('persona_id', '=', personaId)
    .where('file', '=', file)
    .orderBy('version')
    .execute();
}

/** A document's versions, oldest first; not_found when the persona or the document is unknown. */
export async function fileRows(db: Db, personaId: string, file: string): Promise<VersionRow[]> {
  const rows = await rowsOf(db, personaId, file);
  if (rows.length === 0) {
    await requirePersona(db, personaId);
    throw new GovernanceError('not_found', `Persona ${personaId} has no corpus document ${file}`);
  }
  return rows;
}
