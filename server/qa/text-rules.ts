import { z } from 'zod';
import {
  ANSWER_MAX_CHARS,
  ANSWER_MODES,
  QUESTION_MAX_CHARS,
  QUESTION_MIN_CHARS,
  REASON_MAX_CHARS,
} from '../../common/qa.ts';

// Control characters other than tab/newline, bidi overrides/isolates and line separators: they can
// hide or reorder text on the big screen.
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

const chars = (s: string) => [...s].length;

/** Question text: NFC, whitespace collapsed to single spaces, 3-500 characters (code points). */
export const questionTextSchema = z
  .string({ error: 'must be a string' })
  // Cheap bound before normalizing: 4 UTF-16 units per character is more than any real text needs.
  .max(QUESTION_MAX_CHARS * 4, { error: `must be at most ${QUESTION_MAX_CHARS} characters` })
  .refine((s) => !FORBIDDEN.test(s), { error: 'must not contain control characters' })
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
  .refine((s) => chars(s) >= QUESTION_MIN_CHARS, {
    error: `must be at least ${QUESTION_MIN_CHARS} characters`,
  })
  .refine((s) => chars(s) <= QUESTION_MAX_CHARS, {
    error: `must be at most ${QUESTION_MAX_CHARS} characters`,
  });

/** A written answer: NFC, line breaks kept (as \n), 1-4000 characters. */
export const answerTextSchema = z
  .string({ error: 'must be a string' })
  .max(ANSWER_MAX_CHARS * 4, { error: `must be at most ${ANSWER_MAX_CHARS} characters` })
  .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .refine((s) => !FORBIDDEN.test(s), { error: 'must not contain control characters' })
  .refine((s) => chars(s) >= 1, { error: 'must not be empty' })
  .refine((s) => chars(s) <= ANSWER_MAX_CHARS, { error: `must be at most ${ANSWER_MAX_CHARS} characters` });

/** A dismissal or escalation reason: one line, 1-200 characters. */
export const reasonSchema = z
  .string({ error: 'must be a string' })
  .max(REASON_MAX_CHARS * 4, { error: `must be at most ${REASON_MAX_CHARS} characters` })
  .refine((s) => !FORBIDDEN.test(s), { error: 'must not contain control characters' })
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
  .refine((s) => chars(s) >= 1, { error: 'must not be empty' })
  .refine((s) => chars(s) <= REASON_MAX_CHARS, { error: `must be at most ${REASON_MAX_CHARS} characters` });

const shortText = (max: number) =>
  z.string({ error: 'must be a string' }).max(max, { error: `must be at most ${max} characters` });
const offset = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0);

/** The twin's citations: the document and verbatim quote, with its provenance when known. */
export const citationSchema = z.object({
  doc: shortText(200).min(1, { error: 'must not be empty' }),
  quote: shortText(2000),
  title: shortText(200).optional(),
  date: shortText(40).optional(),
  start: offset.optional(),
  end: offset.optional(),
  version: offset.optional(),
  hash: shortText(128).optional(),
});
export const citationsSchema = z.array(citationSchema).max(20, { error: 'must list at most 20 citations' });

export const answerModeSchema = z.enum(ANSWER_MODES, { error: `must be one of ${ANSWER_MODES.join(', ')}` });

/** The key duplicate submissions share: case, spacing and trailing punctuation do not matter. */
export function textKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?…]+$/u, '')
    .trim();
}
