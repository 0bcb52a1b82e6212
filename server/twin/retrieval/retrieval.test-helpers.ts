import { expectedAnswerType, hasAnswerOfType } from './answer-type.ts';

/** True when the text could answer the question's answer type (or the question has none). */
export function answerTypeCheck(question: string, text: string): boolean {
  const type = expectedAnswerType(question);
  return type === undefined || hasAnswerOfType(text, type);
}
