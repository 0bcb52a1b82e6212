// Corpus provenance: every version of every persona's corpus documents, with review state.
export { CorpusRegistry, type ImportedVersion } from './corpus-registry.ts';
export {
  CORPUS_UPLOAD_LIMIT_BYTES,
  corpusFileSchema,
  uploadCorpusSchema,
  withdrawCorpusSchema,
} from './schema.ts';
export { diffLines, unifiedDiff, type LineDiff } from './diff.ts';
export type { CorpusTables } from './tables.ts';
