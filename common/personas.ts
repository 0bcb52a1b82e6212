// Personas and corpus provenance (/api/governance/personas/*): the DTOs shared by the corpus and
// persona registries, their routes and the console. Re-exported from governance.ts.
export const CORPUS_VERSION_STATUSES = ['pending', 'approved', 'withdrawn'] as const;
/** `pending` until a comms approver approves it; `withdrawn` stops it (history stays). */
export type CorpusVersionStatus = (typeof CORPUS_VERSION_STATUSES)[number];

/** One version of a corpus document, without its body (lists). */
export interface CorpusVersionMetaDto {
  personaId: string;
  /** File name inside corpus/, e.g. `hybrid-work.md`. */
  file: string;
  /** The registry's version number (1, 2, …); citations carry it. */
  version: number;
  title: string;
  /** ISO yyyy-mm-dd, from the front matter. */
  date: string;
  source: string;
  /** Front matter `approved_by`: who approved the statement itself. */
  approvedBy: string;
  topics: string[];
  /** The front matter's own `version` field, when the file declared one (informational). */
  declaredVersion: number | null;
  /** sha256 (hex) of the normalised body: the same hash the twin's citations carry. */
  hash: string;
  /** Characters in the body. */
  length: number;
  status: CorpusVersionStatus;
  /** Whether the twin quotes this version now (the newest approved version of the document). */
  inUse: boolean;
  /** `folder`: imported from assets/personas/<id>/corpus/; `upload`: sent through the API. */
  origin: 'folder' | 'upload';
  /** The uploader's note. */
  note: string | null;
  /** "admin", "staff:<id> (<name>)" or "system". */
  uploadedBy: string;
  uploadedAt: string;
  /** Who approved this version in the registry, and when. */
  approval: { by: string; at: string } | null;
  withdrawal: { by: string; at: string; reason: string } | null;
  /** Ingestion warnings: unknown front matter fields, sentences excluded as planted instructions. */
  warnings: string[];
}

/** One version with its approved text (the normalised body the twin quotes; offsets refer to it). */
export interface CorpusVersionDto extends CorpusVersionMetaDto {
  body: string;
}

/** GET /api/governance/personas/:id/corpus: one row per document. */
export interface CorpusDocumentSummaryDto {
  personaId: string;
  file: string;
  /** The newest version, whatever its status. */
  latest: CorpusVersionMetaDto;
  /** The version the twin quotes now; null when none is approved (or all were withdrawn). */
  activeVersion: number | null;
  /** Versions waiting for approval. */
  pendingVersions: number[];
  versionCount: number;
}

export interface CorpusListResponse {
  personaId: string;
  documents: CorpusDocumentSummaryDto[];
}

/** GET /api/governance/personas/:id/corpus/:file (and the answer to a withdrawal): every version, oldest first. */
export interface CorpusDocumentDto {
  personaId: string;
  file: string;
  activeVersion: number | null;
  versions: CorpusVersionDto[];
}

/** POST /api/governance/personas/:id/corpus (or send text/markdown with `?file=…&note=…`). */
export interface UploadCorpusRequest {
  /** e.g. `hybrid-work.md`: letters, digits, `-` and `_`, ending in `.md`. */
  file: string;
  /** The document: YAML front matter (title, date, source, approved_by, topics?) then the approved text. */
  markdown: string;
  note?: string;
}

/** POST /api/governance/personas/:id/corpus/:file/withdraw. Without `version`: every version of the document. */
export interface WithdrawCorpusRequest {
  reason: string;
  version?: number;
}

export interface CorpusDiffLineDto {
  op: ' ' | '-' | '+';
  text: string;
}

export interface CorpusDiffHunkDto {
  fromStart: number;
  fromLines: number;
  toStart: number;
  toLines: number;
  lines: CorpusDiffLineDto[];
}

/**
 * GET /api/governance/personas/:id/corpus/:file/diff?from=&to=: line diff of the two versions as
 * Markdown with front matter (so a changed title or date shows too).
 */
export interface CorpusDiffDto {
  personaId: string;
  file: string;
  from: number;
  to: number;
  /** `diff -u` text; empty when the versions are identical. */
  unified: string;
  hunks: CorpusDiffHunkDto[];
  added: number;
  removed: number;
  /** False when the versions differed so much that the middle is shown as removed then added. */
  minimal: boolean;
}

/** The avatar clients load for a persona. */
export interface PersonaAvatarDto {
  /** `/api/personas/<id>/avatar.glb` for an upload, `/assets/avatars/<model>` for persona.json's model. */
  url: string;
  source: 'upload' | 'persona.json';
  /** Set for uploads. */
  sha256: string | null;
  bytes: number | null;
  uploadedBy: string | null;
  uploadedAt: string | null;
}

export interface PersonaCorpusCountsDto {
  /** Documents (files) known. */
  documents: number;
  /** Documents with a version in use. */
  active: number;
  /** Versions waiting for approval. */
  pendingVersions: number;
  /** Documents with no version in use because they were withdrawn. */
  withdrawn: number;
}

/** GET /api/governance/personas */
export interface PersonaDto {
  id: string;
  name: string;
  title: string;
  organization: string | null;
  /** The folder under assets/personas/ it was imported from. */
  folder: string | null;
  avatar: PersonaAvatarDto | null;
  corpus: PersonaCorpusCountsDto;
  createdAt: string;
  updatedAt: string;
}

export interface PersonaListResponse {
  personas: PersonaDto[];
}

/** One accepted avatar upload. */
export interface PersonaAvatarUploadDto {
  sha256: string;
  bytes: number;
  uploadedBy: string;
  uploadedAt: string;
  current: boolean;
}

/** GET /api/governance/personas/:id */
export interface PersonaDetailDto extends PersonaDto {
  greeting: string | null;
  deferral: string;
  escalation: string;
  disclosure: string;
  sensitiveTopics: string[];
  voice: { provider: string; voice: string; rate?: number } | null;
  avatarUploads: PersonaAvatarUploadDto[];
}

/** POST /api/governance/personas/:id/avatar (201 new, 200 when that file was already current). */
export interface AvatarUploadResponse {
  personaId: string;
  avatar: PersonaAvatarDto;
  /** Every morph target name the file has. */
  morphTargets: string[];
  changed: boolean;
}

/** The 422 answer to an avatar without the required morph targets (an ErrorBody with `missing`). */
export interface AvatarRejectedBody {
  error: { code: 'avatar_missing_morph_targets'; message: string; missing: string[] };
}
