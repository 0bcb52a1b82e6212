import type { ColumnType } from 'kysely';

// Kysely row types of migration 0004-corpus (personas and their avatars).

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

/** What persona.json says beyond id, name, title and organization (the twin's fixed lines, voice, avatar). */
export interface PersonaProfile {
  greeting: string | null;
  deferral: string;
  escalation: string;
  disclosure: string;
  sensitiveTopics: string[];
  voice: { provider: string; voice: string; rate?: number } | null;
  /** persona.json's `avatar.model`: a file in assets/avatars/, used until an avatar is uploaded. */
  avatarModel: string | null;
}

export interface GovPersonasTable {
  id: string;
  name: string;
  title: string;
  organization: string | null;
  profile: Json<PersonaProfile>;
  /** The folder under the personas directory it was imported from. */
  folder: string | null;
  /** The avatar in use (a row of gov_persona_avatars); null: persona.json's model, if any. */
  avatar_sha256: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Every accepted avatar upload (the file is DATA_DIR/avatars/<persona>/<sha256>.glb). */
export interface GovPersonaAvatarsTable {
  persona_id: string;
  sha256: string;
  bytes: number;
  morph_targets: Json<string[]>;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface PersonaTables {
  gov_personas: GovPersonasTable;
  gov_persona_avatars: GovPersonaAvatarsTable;
}
