import { contentTerms } from '../retrieval/analyze.ts';

/** One question inside a compound question, with its 1-based position. */
export interface QuestionPart {
  ordinal: number;
  text: string;
  /** The part's own words when `text` also carries the subject borrowed from the part before. */
  own?: string;
}

// A new question starts after "?", or after ", and"/"; also"/", plus" when a question word or an
// auxiliary follows ("How long is X, and is there Y?").
const QUESTION_START = String.raw`(?:what|what's|whats|when|where|who|whom|whose|why|how|which|is|are|was|were|will|would|can|could|do|does|did|should|has|have|may|am)\b`;
// "…, and exactly how many …": an adverb may stand before the question word.
const HEDGE = String.raw`(?:exactly|roughly|approximately|about|also|then|so|specifically|precisely)`;
const JOIN = new RegExp(
  String.raw`(?:,|;)?\s+(?:and|also|plus|but|and also)\s+(?=(?:${HEDGE}\s+)?${QUESTION_START})|;\s+(?=${QUESTION_START})`,
  'gi',
);

// Pronouns that point back to the subject of an earlier part.
const ANAPHOR = /\b(?:it|its|they|them|their|this|that|these|those)\b/i;

/**
 * Splits a compound question into its parts. A part with fewer than two content words of its own
 * ("…, and how were they chosen?") or one that refers back with a pronoun ("…, and what will it
 * cost after that?") borrows the words of the part before it, so it is judged on the same subject.
 */
export function splitQuestion(question: string): QuestionPart[] {
  const pieces: string[] = [];
  for (const sentence of question.split(/(?<=\?)\s+/)) {
    for (const piece of sentence.split(JOIN)) if (piece.trim().length > 0) pieces.push(piece.trim());
  }
  const parts: QuestionPart[] = [];
  let previous: string | undefined;
  for (const piece of pieces) {
    const own = contentTerms(piece).length;
    if (own === 0 && parts.length > 0) {
      // Nothing to ask on its own ("why?", "and when?"): judged together with the previous part.
      const last = parts[parts.length - 1]!;
      last.text = `${last.text} ${piece}`;
      continue;
    }
    // A part that refers back ("what will it cost after that?") is about the previous part's subject.
    const borrows = previous !== undefined && (own < 2 || ANAPHOR.test(piece));
    parts.push(
      borrows
        ? { ordinal: parts.length + 1, text: `${piece} (${previous})`, own: piece }
        : { ordinal: parts.length + 1, text: piece },
    );
    previous = piece;
  }
  return parts.length > 0 ? parts : [{ ordinal: 1, text: question.trim() }];
}
