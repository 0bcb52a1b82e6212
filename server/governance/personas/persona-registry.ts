import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type {
  AvatarUploadResponse,
  PersonaAvatarDto,
  PersonaCorpusCountsDto,
  PersonaDetailDto,
  PersonaDto,
} from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import type { LoadedPersona } from '../../twin/index.ts';
import type { AppendResult, AuditLog } from '../audit/audit-log.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { CorpusRegistry } from '../corpus/corpus-registry.ts';
import { GovernanceError } from '../errors.ts';
import type { GovernanceEvents, PersonaChangedEvent } from '../events.ts';
import { AvatarStore } from './avatar-store.ts';
import { AvatarError, inspectAvatarGlb } from './glb.ts';
import type { GovPersonasTable, PersonaProfile } from './tables.ts';

type PersonaRow = Selectable<GovPersonasTable>;

/** Avatar uploads may be this large. */
export const AVATAR_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** A persona.json avatar model is served from /assets/avatars/ only when it is a plain file name. */
const MODEL_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.glb$/;

const NO_COUNTS: PersonaCorpusCountsDto = { documents: 0, active: 0, pendingVersions: 0, withdrawn: 0 };

export interface PersonaRegistryOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  events: GovernanceEvents;
  log: Logger;
  corpus: CorpusRegistry;
  /** DATA_DIR: uploaded avatars live in DATA_DIR/avatars/. */
  dataDir: string;
}

/** Where the bytes of a persona's avatar are. */
export type AvatarLocation =
  | { kind: 'file'; path: string; sha256: string; bytes: number }
  | { kind: 'model'; url: string }
  | { kind: 'none' };

export function avatarUrl(personaId: string, sha256: string): string {
  // The query changes with every upload, so a cached copy of an old avatar is never used.
  return `/api/personas/${personaId}/avatar.glb?v=${sha256.slice(0, 16)}`;
}

/**
 * The personas the twin can stand for: imported from their folders (persona.json), with the avatar
 * clients load. Uploading an avatar checks it has the viseme and blink morph targets the twin drives,
 * stores it content-addressed under DATA_DIR, and makes it current; every change is in the audit trail.
 */
export class PersonaRegistry {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;
  readonly #events: GovernanceEvents;
  readonly #log: Logger;
  readonly #corpus: CorpusRegistry;
  readonly #avatars: AvatarStore;

  constructor(opts: PersonaRegistryOptions) {
    this.#db = opts.db;
    this.#audit = opts.audit;
    this.#events = opts.events;
    this.#log = opts.log.child({ module: 'governance.personas' });
    this.#corpus = opts.corpus;
    this.#avatars = new AvatarStore(opts.dataDir);
  }

  async list(): Promise<PersonaDto[]> {
    const [rows, counts, uploads] = await Promise.all([
      this.#db.selectFrom('gov_personas').selectAll().orderBy('id').execute(),
      this.#corpus.counts(),
      this.#currentUploads(),
    ]);
    return rows.map((r) => this.#toDto(r, counts.get(r.id) ?? NO_COUNTS, uploads.get(r.id) ?? null));
  }

  /** One persona with its fixed lines, voice and avatar history. Throws not_found. */
  async get(id: string): Promise<PersonaDetailDto> {
    const row = await this.#row(this.#db, id);
    const [counts, uploads] = await Promise.all([
      this.#corpus.counts(),
      this.#db
        .selectFrom('gov_persona_avatars')
        .selectAll()
        .where('persona_id', '=', id)
        .orderBy('uploaded_at')
        .execute(),
    ]);
    const current = uploads.find((u) => u.sha256 === row.avatar_sha256) ?? null;
    const p = row.profile;
    return {
      ...this.#toDto(row, counts.get(id) ?? NO_COUNTS, current),
      greeting: p.greeting,
      deferral: p.deferral,
      escalation: p.escalation,
      disclosure: p.disclosure,
      sensitiveTopics: p.sensitiveTopics,
      voice: p.voice,
      avatarUploads: uploads.map((u) => ({
        sha256: u.sha256,
        bytes: u.bytes,
        uploadedBy: u.uploaded_by,
        uploadedAt: u.uploaded_at.toISOString(),
        current: u.sha256 === row.avatar_sha256,
      })),
    };
  }

  async exists(id: string): Promise<boolean> {
    return (
      (await this.#db.selectFrom('gov_personas').select('id').where('id', '=', id).executeTakeFirst()) !==
      undefined
    );
  }

  /**
   * Checks and stores an avatar (GLB) and makes it the persona's current one. Throws AvatarError for
   * a file that is not a GLB (`glb_invalid`, `glb_truncated`) or lacks required morph targets
   * (`avatar_missing_morph_targets`, with `missing`). Uploading the current file again changes nothing.
   */
  async setAvatar(id: string, bytes: Uint8Array, actor: string): Promise<AvatarUploadResponse> {
    await this.#row(this.#db, id);
    if (bytes.byteLength > AVATAR_UPLOAD_LIMIT_BYTES)
      throw new GovernanceError(
        'invalid_request',
        `The avatar is larger than ${AVATAR_UPLOAD_LIMIT_BYTES} bytes`,
      );
    const summary = inspectAvatarGlb(bytes);
    if (summary.missing.length > 0) {
      const unnamed =
        summary.unnamedTargetPrimitives > 0
          ? ` (${summary.unnamedTargetPrimitives} mesh primitive(s) have morph targets without names: name them in mesh.extras.targetNames)`
          : '';
      throw new AvatarError(
        'avatar_missing_morph_targets',
        `The avatar lacks ${summary.missing.length} morph target(s) the twin needs: ${summary.missing.join(', ')}${unnamed}`,
        { missing: summary.missing },
      );
    }
    const sha256 = AvatarStore.sha256(bytes);
    await this.#avatars.put(id, sha256, bytes);
    const result = await this.#db.transaction().execute(async (t) => {
      const row = await t
        .selectFrom('gov_personas')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new GovernanceError('not_found', `Persona ${id} not found`);
      if (row.avatar_sha256 === sha256) return null;
      const now = new Date();
      await t
        .insertInto('gov_persona_avatars')
        .values({
          persona_id: id,
          sha256,
          bytes: bytes.byteLength,
          morph_targets: JSON.stringify(summary.morphTargets),
          uploaded_by: actor,
          uploaded_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['persona_id', 'sha256']).doUpdateSet({ uploaded_by: actor, uploaded_at: now }),
        )
        .execute();
      await t
        .updateTable('gov_personas')
        .set({ avatar_sha256: sha256, updated_at: now })
        .where('id', '=', id)
        .execute();
      const appended = await this.#audit.appendTrail(
        'persona.avatar-changed',
        actor,
        { personaId: id },
        {
          sha256,
          bytes: bytes.byteLength,
          previous: row.avatar_sha256,
          morphTargets: summary.morphTargets.length,
        },
        t,
      );
      return { appended, at: now };
    });
    const avatar: PersonaAvatarDto = {
      url: avatarUrl(id, sha256),
      source: 'upload',
      sha256,
      bytes: bytes.byteLength,
      uploadedBy: actor,
      uploadedAt: (result?.at ?? new Date()).toISOString(),
    };
    if (result) {
      this.#audit.announce(result.appended, 'governance');
      this.#log.info({ personaId: id, sha256, bytes: bytes.byteLength }, 'persona avatar changed');
      this.#emit(id, 'avatar', avatar.url, actor);
    } else {
      const current = (await this.#currentUploads(id)).get(id);
      if (current)
        Object.assign(avatar, {
          uploadedBy: current.uploaded_by,
          uploadedAt: current.uploaded_at.toISOString(),
        });
    }
    return { personaId: id, avatar, morphTargets: summary.morphTargets, changed: result !== null };
  }

  /** Where to read the persona's avatar: an uploaded file, persona.json's model, or none. Throws not_found. */
  async avatarLocation(id: string): Promise<AvatarLocation> {
    const row = await this.#row(this.#db, id);
    if (row.avatar_sha256) {
      const upload = (await this.#currentUploads(id)).get(id);
      if (upload && (await this.#avatars.has(id, upload.sha256)))
        return {
          kind: 'file',
          path: this.#avatars.path(id, upload.sha256),
          sha256: upload.sha256,
          bytes: upload.bytes,
        };
      this.#log.error(
        { personaId: id, sha256: row.avatar_sha256 },
        'current avatar file is missing from DATA_DIR',
      );
    }
    const model = modelUrl(row.profile);
    return model ? { kind: 'model', url: model } : { kind: 'none' };
  }

  /**
   * Inserts or updates a persona from its folder, inside the caller's import transaction. Returns the
   * change (null: nothing changed) and its audit entry.
   */
  async importProfile(
    t: Transaction<Database>,
    persona: LoadedPersona,
    folder: string,
  ): Promise<{ change: 'imported' | 'updated' | null; appended: AppendResult | null }> {
    const profile = profileOf(persona);
    const existing = await t
      .selectFrom('gov_personas')
      .selectAll()
      .where('id', '=', persona.id)
      .forUpdate()
      .executeTakeFirst();
    const fields = { name: persona.name, title: persona.title, organization: persona.organization ?? null };
    const now = new Date();
    if (!existing) {
      const inserted = await t
        .insertInto('gov_personas')
        .values({ id: persona.id, ...fields, profile: JSON.stringify(profile), folder, updated_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      // Another instance imported it first (the insert waited for its commit).
      if (!inserted) return { change: null, appended: null };
      const appended = await this.#audit.appendTrail(
        'persona.imported',
        'system',
        { personaId: persona.id },
        { ...fields, folder },
        t,
      );
      return { change: 'imported', appended };
    }
    const same =
      existing.name === fields.name &&
      existing.title === fields.title &&
      existing.organization === fields.organization &&
      existing.folder === folder &&
      canonicalJson(existing.profile) === canonicalJson(profile);
    if (same) return { change: null, appended: null };
    await t
      .updateTable('gov_personas')
      .set({ ...fields, profile: JSON.stringify(profile), folder, updated_at: now })
      .where('id', '=', persona.id)
      .execute();
    const appended = await this.#audit.appendTrail(
      'persona.updated',
      'system',
      { personaId: persona.id },
      { ...fields, folder, profile },
      t,
    );
    return { change: 'updated', appended };
  }

  /** Announces an imported or updated persona after its transaction committed. */
  async announceProfile(id: string, change: 'imported' | 'updated'): Promise<void> {
    const location = await this.avatarLocation(id);
    const url =
      location.kind === 'file'
        ? avatarUrl(id, location.sha256)
        : location.kind === 'model'
          ? location.url
          : null;
    this.#emit(id, change, url, 'system');
  }

  #emit(personaId: string, change: PersonaChangedEvent['change'], url: string | null, actor: string): void {
    this.#events.emit('persona.changed', {
      personaId,
      change,
      avatarUrl: url,
      actor,
      at: new Date().toISOString(),
    });
  }

  async #row(db: Kysely<Database> | Transaction<Database>, id: string): Promise<PersonaRow> {
    const row = await db.selectFrom('gov_personas').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Persona ${id} not found`);
    return row;
  }

  /** The current upload of each persona (or of one). */
  async #currentUploads(id?: string) {
    let q = this.#db
      .selectFrom('gov_personas')
      .innerJoin('gov_persona_avatars', (j) =>
        j
          .onRef('gov_persona_avatars.persona_id', '=', 'gov_personas.id')
          .onRef('gov_persona_avatars.sha256', '=', 'gov_personas.avatar_sha256'),
      )
      .selectAll('gov_persona_avatars');
    if (id !== undefined) q = q.where('gov_personas.id', '=', id);
    const rows = await q.execute();
    return new Map(rows.map((r) => [r.persona_id, r]));
  }

  #toDto(
    row: PersonaRow,
    counts: PersonaCorpusCountsDto,
    upload: { sha256: string; bytes: number; uploaded_by: string; uploaded_at: Date } | null,
  ): PersonaDto {
    let avatar: PersonaAvatarDto | null = null;
    if (upload) {
      avatar = {
        url: avatarUrl(row.id, upload.sha256),
        source: 'upload',
        sha256: upload.sha256,
        bytes: upload.bytes,
        uploadedBy: upload.uploaded_by,
        uploadedAt: upload.uploaded_at.toISOString(),
      };
    } else {
      const url = modelUrl(row.profile);
      if (url)
        avatar = {
          url,
          source: 'persona.json',
          sha256: null,
          bytes: null,
          uploadedBy: null,
          uploadedAt: null,
        };
    }
    return {
      id: row.id,
      name: row.name,
      title: row.title,
      organization: row.organization,
      folder: row.folder,
      avatar,
      corpus: counts,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

function modelUrl(profile: PersonaProfile): string | null {
  return profile.avatarModel && MODEL_FILE.test(profile.avatarModel)
    ? `/assets/avatars/${profile.avatarModel}`
    : null;
}

function profileOf(p: LoadedPersona): PersonaProfile {
  return {
    greeting: p.greeting ?? null,
    deferral: p.deferral,
    escalation: p.escalation,
    disclosure: p.disclosure,
    sensitiveTopics: [...p.sensitiveTopics],
    voice: p.voice ?? null,
    avatarModel: p.avatar?.model ?? null,
  };
}
