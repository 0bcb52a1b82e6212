import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type {
  CorpusDiffDto,
  CorpusDocumentDto,
  CorpusDocumentSummaryDto,
  CorpusVersionDto,
  PersonaCorpusCountsDto,
} from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import { PersonaError, type CorpusDocument } from '../../twin/index.ts';
import type { AppendResult, AuditLog } from '../audit/audit-log.ts';
import { GovernanceError } from '../errors.ts';
import type { CorpusChangedEvent, GovernanceEvents } from '../events.ts';
import { diffLines, unifiedDiff } from './diff.ts';
import {
  activeVersionOf,
  contentOfRow,
  contentSignature,
  groupByFile,
  renderMarkdown,
  toDocumentDto,
  toSummaryDto,
  toVersionDto,
  type VersionRow,
} from './model.ts';
import {
  uploadCorpusSchema,
  withdrawCorpusSchema,
  type UploadCorpusInput,
  type WithdrawCorpusInput,
} from './schema.ts';
import { contentOf, parseCorpusMarkdown, toCorpusDocument, type DocumentContent } from './twin-documents.ts';
import { fileRows, insertVersion, lockPersona, requirePersona, rowsOf } from './version-store.ts';

/** What importing one persona folder's corpus/*.md did. */
export interface ImportedVersion {
  file: string;
  version: number;
  status: 'approved' | 'pending';
  hash: string;
}

export interface CorpusRegistryOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  events: GovernanceEvents;
  log: Logger;
}

/**
 * The corpus registry: every version of every persona's corpus documents, with provenance (source,
 * date, approver, content hash) and review state. A new version is `pending` until a comms approver
 * approves it; the twin quotes the newest approved version of each document; withdrawing stops a
 * document (or one version) at once and keeps the history. Every change commits with its audit
 * trail entry and is announced as `corpus.changed`.
 */
export class CorpusRegistry {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;
  readonly #events: GovernanceEvents;
  readonly #log: Logger;
  /** Built documents by persona/file/version: a version's content never changes, so this never goes stale. */
  readonly #built = new Map<string, CorpusDocument>();

  constructor(opts: CorpusRegistryOptions) {
    this.#db = opts.db;
    this.#audit = opts.audit;
    this.#events = opts.events;
    this.#log = opts.log.child({ module: 'governance.corpus' });
  }

  /**
   * The documents the twin may quote now: the newest approved version of each document, as the twin
   * engine builds them (file order), so `createTwinBrain({ persona: { ...loaded, documents } })` works.
   * Citations then carry the registry's version numbers.
   */
  async activeDocuments(personaId: string): Promise<CorpusDocument[]> {
    await requirePersona(this.#db, personaId);
    const rows = await this.#db
      .selectFrom('gov_corpus_versions')
      .selectAll()
      .where('persona_id', '=', personaId)
      .where('status', '=', 'approved')
      .execute();
    const documents: CorpusDocument[] = [];
    for (const [file, versions] of groupByFile(rows)) {
      const row = versions[versions.length - 1]!;
      const key = `${personaId}/${file}/${row.version}`;
      let doc = this.#built.get(key);
      if (!doc) {
        doc = toCorpusDocument(file, row.version, contentOfRow(row));
        if (doc.hash !== row.hash)
          this.#log.error(
            { personaId, file, version: row.version, stored: row.hash, computed: doc.hash },
            'corpus body hash changed when rebuilt',
          );
        this.#built.set(key, doc);
      }
      documents.push(doc);
    }
    return documents;
  }

  /** One version with its body (any status). Throws not_found. */
  async version(personaId: string, file: string, version: number): Promise<CorpusVersionDto> {
    const rows = await fileRows(this.#db, personaId, file);
    const row = rows.find((r) => r.version === version);
    if (!row)
      throw new GovernanceError(
        'not_found',
        `${file} has no version ${version} (the newest is ${rows[rows.length - 1]!.version})`,
      );
    return toVersionDto(row, activeVersionOf(rows));
  }

  /** Every document of a persona with its newest version and the version in use. */
  async list(personaId: string): Promise<CorpusDocumentSummaryDto[]> {
    await requirePersona(this.#db, personaId);
    const rows = await this.#db
      .selectFrom('gov_corpus_versions')
      .selectAll()
      .where('persona_id', '=', personaId)
      .execute();
    return [...groupByFile(rows)].map(([file, versions]) => toSummaryDto(personaId, file, versions));
  }

  /** One document with every version, oldest first. Throws not_found. */
  async document(personaId: string, file: string): Promise<CorpusDocumentDto> {
    return toDocumentDto(personaId, file, await fileRows(this.#db, personaId, file));
  }

  /** Document counts per persona (for the persona list). */
  async counts(): Promise<Map<string, PersonaCorpusCountsDto>> {
    const rows = await this.#db
      .selectFrom('gov_corpus_versions')
      .select(['persona_id', 'file', 'version', 'status'])
      .execute();
    const byPersona = new Map<string, Map<string, { version: number; status: string }[]>>();
    for (const r of rows) {
      let files = byPersona.get(r.persona_id);
      if (!files) byPersona.set(r.persona_id, (files = new Map()));
      let list = files.get(r.file);
      if (!list) files.set(r.file, (list = []));
      list.push(r);
    }
    const out = new Map<string, PersonaCorpusCountsDto>();
    for (const [personaId, files] of byPersona) {
      const counts = { documents: files.size, active: 0, pendingVersions: 0, withdrawn: 0 };
      for (const versions of files.values()) {
        if (versions.some((v) => v.status === 'approved')) counts.active++;
        else if (versions.some((v) => v.status === 'withdrawn')) counts.withdrawn++;
        counts.pendingVersions += versions.filter((v) => v.status === 'pending').length;
      }
      out.set(personaId, counts);
    }
    return out;
  }

  /**
   * Uploads a document (new, or a new version of an existing one) as Markdown with front matter. The
   * new version is `pending`. Refuses (400) a document the twin engine would refuse, naming the field,
   * and (409) one identical to the newest version unless that was withdrawn.
   */
  async upload(personaId: string, input: UploadCorpusInput, actor: string): Promise<CorpusVersionDto> {
    const u = uploadCorpusSchema.parse(input);
    let parsed: ReturnType<typeof parseCorpusMarkdown>;
    try {
      parsed = parseCorpusMarkdown(u.file, u.markdown);
    } catch (err) {
      if (err instanceof PersonaError)
        throw new GovernanceError('invalid_request', err.message, { cause: err });
      throw err;
    }
    const { content, warnings } = parsed;
    const { row, rows, appended } = await this.#db.transaction().execute(async (t) => {
      await lockPersona(t, personaId);
      const existing = await rowsOf(t, personaId, u.file);
      const latest = existing[existing.length - 1];
      if (
        latest &&
        latest.status !== 'withdrawn' &&
        contentSignature(contentOfRow(latest)) === contentSignature(content)
      ) {
        throw new GovernanceError(
          'conflict',
          `${u.file} is identical to version ${latest.version} (${latest.status}); nothing to upload`,
        );
      }
      const version = (latest?.version ?? 0) + 1;
      const row = await insertVersion(t, personaId, u.file, version, content, warnings, {
        status: 'pending',
        origin: 'upload',
        note: u.note && u.note.length > 0 ? u.note : null,
        actor,
      });
      const appended = await this.#audit.appendTrail(
        'corpus.uploaded',
        actor,
        { personaId, file: u.file },
        { version, ...provenance(content), note: row.note, warnings: warnings.length },
        t,
      );
      return { row, rows: [...existing, row], appended };
    });
    this.#audit.announce(appended, 'governance');
    this.#log.info(
      { personaId, file: u.file, version: row.version, hash: row.hash },
      'corpus version uploaded',
    );
    this.#emit(personaId, 'uploaded', [u.file], row.version, false, actor);
    return toVersionDto(row, activeVersionOf(rows));
  }

  /** Approves a pending version; it is in use at once unless a newer version is already approved (409). */
  async approve(personaId: string, file: string, version: number, actor: string): Promise<CorpusVersionDto> {
    const { row, rows, appended, previous } = await this.#db.transaction().execute(async (t) => {
      await lockPersona(t, personaId);
      const rows = await fileRows(t, personaId, file);
      const target = rows.find((r) => r.version === version);
      if (!target) throw new GovernanceError('not_found', `${file} has no version ${version}`);
      if (target.status !== 'pending')
        throw new GovernanceError(
          'invalid_transition',
          `${file} version ${version} is ${target.status}; only a pending version can be approved`,
        );
      const previous = activeVersionOf(rows);
      if (previous !== null && previous > version)
        throw new GovernanceError(
          'invalid_transition',
          `${file} version ${version} is older than version ${previous}, which is approved and in use`,
        );
      const row = await t
        .updateTable('gov_corpus_versions')
        .set({ status: 'approved', approval_by: actor, approval_at: new Date() })
        .where('persona_id', '=', personaId)
        .where('file', '=', file)
        .where('version', '=', version)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        'corpus.approved',
        actor,
        { personaId, file },
        { version, hash: row.hash, title: row.title, replaces: previous },
        t,
      );
      return { row, rows: rows.map((r) => (r.version === version ? row : r)), appended, previous };
    });
    this.#audit.announce(appended, 'governance');
    this.#log.info({ personaId, file, version, replaces: previous }, 'corpus version approved');
    this.#emit(personaId, 'approved', [file], version, true, actor);
    return toVersionDto(row, activeVersionOf(rows));
  }

  /**
   * Withdraws one version, or (without `version`) every version of the document that is not withdrawn
   * yet. The twin stops quoting it at once; the versions stay, with who withdrew them, when and why.
   * Withdrawing the version in use of a document whose older version is approved puts that one back.
   */
  async withdraw(
    personaId: string,
    file: string,
    input: WithdrawCorpusInput,
    actor: string,
  ): Promise<CorpusDocumentDto> {
    const w = withdrawCorpusSchema.parse(input);
    const { rows, appended, withdrawn, before, after } = await this.#db.transaction().execute(async (t) => {
      await lockPersona(t, personaId);
      const rows = await fileRows(t, personaId, file);
      let targets: VersionRow[];
      if (w.version !== undefined) {
        const target = rows.find((r) => r.version === w.version);
        if (!target) throw new GovernanceError('not_found', `${file} has no version ${w.version}`);
        if (target.status === 'withdrawn')
          throw new GovernanceError(
            'invalid_transition',
            `${file} version ${w.version} is already withdrawn`,
          );
        targets = [target];
      } else {
        targets = rows.filter((r) => r.status !== 'withdrawn');
        if (targets.length === 0)
          throw new GovernanceError('invalid_transition', `${file} is already withdrawn (every version)`);
      }
      const versions = targets.map((r) => r.version);
      const updated = await t
        .updateTable('gov_corpus_versions')
        .set({
          status: 'withdrawn',
          withdrawn_by: actor,
          withdrawn_at: new Date(),
          withdraw_reason: w.reason,
        })
        .where('persona_id', '=', personaId)
        .where('file', '=', file)
        .where('version', 'in', versions)
        .where('status', '!=', 'withdrawn')
        .returningAll()
        .execute();
      const byVersion = new Map(updated.map((r) => [r.version, r]));
      const next = rows.map((r) => byVersion.get(r.version) ?? r);
      const before = activeVersionOf(rows);
      const after = activeVersionOf(next);
      const appended = await this.#audit.appendTrail(
        'corpus.withdrawn',
        actor,
        { personaId, file },
        { versions, reason: w.reason, activeBefore: before, activeAfter: after },
        t,
      );
      return { rows: next, appended, withdrawn: versions, before, after };
    });
    this.#audit.announce(appended, 'governance');
    this.#log.warn({ personaId, file, versions: withdrawn, activeAfter: after }, 'corpus withdrawn');
    this.#emit(personaId, 'withdrawn', [file], w.version ?? null, before !== after, actor);
    return toDocumentDto(personaId, file, rows);
  }

  /**
   * A line diff of two versions as Markdown with front matter. Defaults: `to` = the newest version,
   * `from` = the one before it.
   */
  async diff(
    personaId: string,
    file: string,
    opts: { from?: number; to?: number } = {},
  ): Promise<CorpusDiffDto> {
    const rows = await fileRows(this.#db, personaId, file);
    const to = opts.to ?? rows[rows.length - 1]!.version;
    const from = opts.from ?? to - 1;
    if (from < 1)
      throw new GovernanceError(
        'invalid_request',
        `from: ${file} has no version before ${to} to compare with`,
      );
    const a = rows.find((r) => r.version === from);
    const b = rows.find((r) => r.version === to);
    if (!a) throw new GovernanceError('not_found', `${file} has no version ${from}`);
    if (!b) throw new GovernanceError('not_found', `${file} has no version ${to}`);
    const d = diffLines(renderMarkdown(contentOfRow(a)), renderMarkdown(contentOfRow(b)));
    return {
      personaId,
      file,
      from,
      to,
      unified: unifiedDiff(d, `a/${file} (version ${from})`, `b/${file} (version ${to})`),
      hunks: d.hunks,
      added: d.added,
      removed: d.removed,
      minimal: d.minimal,
    };
  }

  /**
   * Imports a persona folder's documents inside the caller's transaction. On the persona's first
   * import every document becomes version 1, approved (the folder is the approved corpus). Later, a
   * file whose content matches no stored version becomes a new `pending` version (a new file:
   * version 1, pending); unchanged files and files gone from disk change nothing.
   */
  async importDocuments(
    t: Transaction<Database>,
    personaId: string,
    docs: readonly CorpusDocument[],
    first: boolean,
  ): Promise<{ imported: ImportedVersion[]; appended: AppendResult | null }> {
    const stored = groupByFile(
      await t.selectFrom('gov_corpus_versions').selectAll().where('persona_id', '=', personaId).execute(),
    );
    const imported: ImportedVersion[] = [];
    for (const doc of docs) {
      const content = contentOf(doc, doc.version);
      const versions = stored.get(doc.file) ?? [];
      const signature = contentSignature(content);
      if (versions.some((r) => contentSignature(contentOfRow(r)) === signature)) continue;
      const version = (versions[versions.length - 1]?.version ?? 0) + 1;
      const status = first ? 'approved' : 'pending';
      await insertVersion(t, personaId, doc.file, version, content, [], {
        status,
        origin: 'folder',
        note: first ? null : 'changed on disk',
        actor: 'system',
      });
      imported.push({ file: doc.file, version, status, hash: content.hash });
    }
    if (imported.length === 0) return { imported, appended: null };
    const appended = await this.#audit.appendTrail(
      'corpus.imported',
      'system',
      { personaId },
      { documents: imported },
      t,
    );
    return { imported, appended };
  }

  /** Announces an import after its transaction committed. */
  announceImport(personaId: string, imported: readonly ImportedVersion[]): void {
    if (imported.length === 0) return;
    const activeChanged = imported.some((v) => v.status === 'approved');
    this.#log.info({ personaId, versions: imported.length, activeChanged }, 'corpus imported from folder');
    this.#emit(
      personaId,
      'imported',
      imported.map((v) => v.file),
      null,
      activeChanged,
      'system',
    );
  }

  #emit(
    personaId: string,
    change: CorpusChangedEvent['change'],
    files: string[],
    version: number | null,
    activeChanged: boolean,
    actor: string,
  ): void {
    this.#events.emit('corpus.changed', {
      personaId,
      change,
      files,
      version,
      activeChanged,
      actor,
      at: new Date().toISOString(),
    });
  }
}

function provenance(c: DocumentContent): Record<string, unknown> {
  return {
    hash: c.hash,
    title: c.title,
    date: c.date,
    source: c.source,
    approvedBy: c.approvedBy,
    topics: c.topics,
    length: c.body.length,
  };
}
