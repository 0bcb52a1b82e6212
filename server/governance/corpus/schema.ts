import { z } from 'zod';

/** Markdown uploads may be this large (the route's body limit; JSON wrapping adds a little). */
export const CORPUS_UPLOAD_LIMIT_BYTES = 512 * 1024;

export const corpusFileSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,95}\.md$/, {
    error: 'must be a file name of letters, digits, "-" or "_" ending in .md (e.g. "hybrid-work.md")',
  });

const note = z
  .string({ error: 'must be a string' })
  .trim()
  .max(1_000, { error: 'must be at most 1000 characters' });

/** POST /api/governance/personas/:id/corpus as JSON. */
export const uploadCorpusSchema = z.strictObject({
  file: corpusFileSchema,
  markdown: z
    .string({ error: 'must be a string (the document: front matter, then the approved text)' })
    .min(1, { error: 'must not be empty' })
    .max(CORPUS_UPLOAD_LIMIT_BYTES, { error: `must be at most ${CORPUS_UPLOAD_LIMIT_BYTES} characters` }),
  note: note.optional(),
});

export type UploadCorpusInput = z.output<typeof uploadCorpusSchema>;

export const versionNumberSchema = z
  .number({ error: 'must be a positive whole number' })
  .int({ error: 'must be a positive whole number' })
  .min(1, { error: 'must be a positive whole number' })
  .max(1_000_000, { error: 'must be a positive whole number' });

/** POST /api/governance/personas/:id/corpus/:file/withdraw */
export const withdrawCorpusSchema = z.strictObject({
  reason: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must say why the document is withdrawn' })
    .max(1_000, { error: 'must be at most 1000 characters' }),
  version: versionNumberSchema.optional(),
});

export type WithdrawCorpusInput = z.output<typeof withdrawCorpusSchema>;
