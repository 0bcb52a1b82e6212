import type { Selectable } from 'kysely';
import type {
  CorpusDocumentDto,
  CorpusDocumentSummaryDto,
  CorpusVersionDto,
  CorpusVersionMetaDto,
} from '../../../common/governance.ts';
import type { GovCorpusVersionsTable } from './tables.ts';
import type { DocumentContent } from './twin-documents.ts';

export type VersionRow = Selectable<GovCorpusVersionsTable>;

export function contentOfRow(row: VersionRow): DocumentContent {
  return {
    title: row.title,
    date: row.doc_date,
    source: row.source,
    approvedBy: row.approved_by,
    topics: row.topics,
    declaredVersion: row.declared_version,
    body: row.body,
    hash: row.hash,
  };
}

/** Two versions with the same signature say the same thing with the same provenance. */
export function contentSignature(c: DocumentContent): string {
  return JSON.stringify([c.hash, c.title, c.date, c.source, c.approvedBy, c.topics]);
}

/** The version in use among one document's rows: the newest approved one. */
export function activeVersionOf(rows: readonly VersionRow[]): number | null {
  let best: number | null = null;
  for (const r of rows) if (r.status === 'approved' && (best === null || r.version > best)) best = r.version;
  return best;
}

export function toMetaDto(row: VersionRow, activeVersion: number | null): CorpusVersionMetaDto {
  return {
    personaId: row.persona_id,
    file: row.file,
    version: row.version,
    title: row.title,
    date: row.doc_date,
    source: row.source,
    approvedBy: row.approved_by,
    topics: row.topics,
    declaredVersion: row.declared_version,
    hash: row.hash,
    length: row.body.length,
    status: row.status,
    inUse: row.version === activeVersion,
    origin: row.origin,
    note: row.note,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
    approval:
      row.approval_by !== null && row.approval_at !== null
        ? { by: row.approval_by, at: row.approval_at.toISOString() }
        : null,
    withdrawal:
      row.withdrawn_by !== null && row.withdrawn_at !== null
        ? { by: row.withdrawn_by, at: row.withdrawn_at.toISOString(), reason: row.withdraw_reason ?? '' }
        : null,
    warnings: row.warnings,
  };
}

export function toVersionDto(row: VersionRow, activeVersion: number | null): CorpusVersionDto {
  return { ...toMetaDto(row, activeVersion), body: row.body };
}

/** Rows of one persona grouped by file (files sorted, versions ascending). */
export function groupByFile(rows: readonly VersionRow[]): Map<string, VersionRow[]> {
  const byFile = new Map<string, VersionRow[]>();
  for (const r of [...rows].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.version - b.version,
  )) {
    let list = byFile.get(r.file);
    if (!list) byFile.set(r.file, (list = []));
    list.push(r);
  }
  return byFile;
}

export function toDocumentDto(
  personaId: string,
  file: string,
  rows: readonly VersionRow[],
): CorpusDocumentDto {
  const active = activeVersionOf(rows);
  return { personaId, file, activeVersion: active, versions: rows.map((r) => toVersionDto(r, active)) };
}

export function toSummaryDto(
  personaId: string,
  file: string,
  rows: readonly VersionRow[],
): CorpusDocumentSummaryDto {
  const active = activeVersionOf(rows);
  return {
    personaId,
    file,
    latest: toMetaDto(rows[rows.length - 1]!, active),
    activeVersion: active,
    pendingVersions: rows.filter((r) => r.status === 'pending').map((r) => r.version),
    versionCount: rows.length,
  };
}

/** A version as Markdown with its front matter, the form the diff compares. */
export function renderMarkdown(c: DocumentContent): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(c.title)}`,
    `date: ${c.date}`,
    `source: ${JSON.stringify(c.source)}`,
    `approved_by: ${JSON.stringify(c.approvedBy)}`,
    ...(c.topics.length > 0 ? [`topics: ${JSON.stringify(c.topics)}`] : []),
    '---',
    c.body,
  ];
  return lines.join('\n');
}
