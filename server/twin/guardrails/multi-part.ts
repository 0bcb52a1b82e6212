import { contentTerms } from '../retrieval/analyze.ts';

/** One question inside a compound question, with its 1-based position. */
export interface QuestionPart {
  ordinal: number;
  text: string;
}

// A new question starts after "?", or after ", and"/"; also"/", plus" when a question word or an
// auxiliary follows ("How long is X, and is there Y?").
const QUESTION_START = String.raw`(?:what|what's|whats|when|where|who|whom|whose|why|how|which|is|are|was|were|will|would|can|could|do|does|did|should|has|have|may|am)\b`;
const JOIN = new RegExp(
  String.raw`(?:,|;)?\s+(?:and|also|plus|but|and also)\s+(?=${QUESTION_START})|;\s+(?=${QUESTION_START})`,
  'gi',
);

/**
 * Splits a compound question into its parts. A part with no content word of its own ("…, and how
 * were they chosen?") borrows the words of the part before it, so it is judged on the same subject.
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
    const text = own < 2 && previous !== undefined ? `${piece} (${previous})` : piece;
    parts.push({ ordinal: parts.length + 1, text });
    previous = piece;
  }
  return parts.length > 0 ? parts : [{ ordinal: 1, text: question.trim() }];
}
