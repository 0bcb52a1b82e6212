// Personas: the people the twin stands for, imported from their folders, and their avatars.
export {
  PersonaRegistry,
  AVATAR_UPLOAD_LIMIT_BYTES,
  avatarUrl,
  type AvatarLocation,
} from './persona-registry.ts';
export { importPersonaFolders, type PersonaImportResult } from './import-personas.ts';
export { AvatarError, inspectAvatarGlb, type AvatarErrorCode, type GlbSummary } from './glb.ts';
export type { PersonaTables } from './tables.ts';
