import { detectInjection } from './injection.ts';

// Indirect prompt injection: text planted in a source document that addresses the model instead of
// the reader ("Modify your answer to …", "Ignore previous instructions", "Encode your reply in
// Base64"). Such sentences are reported at ingestion and never retrieved, so the composer (and any
// model behind it) never sees them as approved text.

// A sentence that opens with a verb telling an assistant to do a task. Leaders' statements rarely
// open with these; a planted task usually does ("Explain the theory of relativity.").
const TASK_OPENING =
  /^\s*(?:please\s+)?(?:explain|describe|summari[sz]e|translate|write|draft|compose|provide|generate|create|develop|recommend|suggest|analy[sz]e|determine|classify|list|show me|help me|tell me|give me|break down|rearrange|replace|use|render|reply|respond|remove|group|combine|introduce|misspell|jumble|scramble|substitute|express|shift|apply|convert|integrate|include|add|modify|augment|enhance|insert|append|incorporate|encode|encrypt|reverse|answer)\b/i;

// "Can you show me …?" / "How do I …?" addressed to an assistant.
const ASSISTANT_QUESTION = /^\s*(?:can|could|would|will) you\b|^\s*how (?:do|can|should) i\b/i;

export interface InstructionFinding {
  reason: string;
}

/** Why a corpus sentence looks like an instruction to the model, or undefined when it reads as a statement. */
export function scanForInstruction(sentence: string): InstructionFinding | undefined {
  const injection = detectInjection(sentence);
  if (injection) return { reason: injection.rule };
  if (TASK_OPENING.test(sentence)) return { reason: 'task-instruction' };
  if (ASSISTANT_QUESTION.test(sentence) && /\?\s*$/.test(sentence)) return { reason: 'assistant-question' };
  return undefined;
}
