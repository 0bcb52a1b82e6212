import type { CorpusDocument } from '../persona/types.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

/** "2026-03-12" → "12 March 2026". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const month = MONTHS[(m ?? 1) - 1];
  return month && y && d ? `${d} ${month} ${y}` : iso;
}

/**
 * The words that introduce quotes from a document. They are built only from the document's own
 * title and date, so they cannot state anything the leader did not approve.
 */
export function framingFor(doc: CorpusDocument, again: boolean): string {
  return again ? `Also from "${doc.title}":` : `From "${doc.title}" (${longDate(doc.date)}):`;
}

/** The fixed notice for a part of the question that no approved passage covers. */
export function noApprovedPositionNotice(ordinal: number, partCount: number): string {
  const which =
    partCount > 1 ? `the ${ORDINALS[ordinal - 1] ?? `#${ordinal}`} part of your question` : 'that';
  return `I have no approved position on ${which}.`;
}

/** The static words framing may use besides a document's title and date (checked by tests). */
export const FRAMING_VOCABULARY = ['from', 'also', ...MONTHS.map((m) => m.toLowerCase())];
