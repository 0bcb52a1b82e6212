import type { LoadedPersona } from '../persona/types.ts';
import { porterStem } from '../retrieval/stemmer.ts';
import type { TwinDecision } from '../types.ts';
import { isAboutTwin } from './about-twin.ts';
import { detectInjection } from './injection.ts';
import { detectSensitiveTopic } from './sensitive.ts';

/** Longer than any question asked aloud or typed in a Q&A panel; long prompts are how jailbreaks arrive. */
export const MAX_QUESTION_CHARS = 1000;

export interface PreCheckOutcome {
  decision: TwinDecision;
  reason: string;
  text: string;
  topic?: string;
  guard?: { rule: string };
}

/** The fixed refusal for manipulation attempts. It never quotes the question. */
export function refusalText(persona: LoadedPersona): string {
  return `I can only share statements ${persona.name} has approved, so I won't do that.`;
}

/** Names that make a question about this organisation: the leader's and the organisation's. */
export function anchorNames(persona: LoadedPersona): string[] {
  const org = (persona.organization ?? '').replace(/\([^)]*\)/g, ' ');
  return [...persona.name.split(/\s+/), ...org.split(/[^\p{L}\p{N}]+/u)].filter((n) => n.length > 2);
}

/** Words by which the organisation refers to itself: its name, "company", "organisation". */
export function selfTerms(persona: LoadedPersona): Set<string> {
  const org = (persona.organization ?? '').replace(/\([^)]*\)/g, ' ');
  const words = [
    ...org.split(/[^\p{L}\p{N}]+/u),
    'company',
    'organisation',
    'organization',
    'firm',
    'employer',
  ]
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 2);
  return new Set([...words, ...words.map(porterStem)]);
}

/**
 * The checks that come before retrieval, in order: empty/overlong input, manipulation (injection,
 * role-play, fake system messages, "repeat after me", "say that …"), sensitive topics (escalate even
 * when the corpus mentions them), then questions about the twin itself (disclosure only).
 */
export function preCheck(question: string, persona: LoadedPersona): PreCheckOutcome | undefined {
  const q = question.trim();
  if (q.length === 0)
    return { decision: 'decline', reason: 'empty-question', text: 'Please ask a question.' };
  if (q.length > MAX_QUESTION_CHARS) {
    return {
      decision: 'decline',
      reason: 'too-long',
      text: 'That question is too long for me. Please ask it in a sentence or two.',
    };
  }
  const injection = detectInjection(q);
  if (injection)
    return {
      decision: 'decline',
      reason: 'injection',
      text: refusalText(persona),
      guard: { rule: injection.rule },
    };
  const topic = detectSensitiveTopic(q, persona.sensitiveTopics, anchorNames(persona));
  if (topic) return { decision: 'escalate', reason: `sensitive:${topic}`, text: persona.escalation, topic };
  if (isAboutTwin(q, persona.name))
    return { decision: 'decline', reason: 'about-twin', text: persona.disclosure };
  return undefined;
}
