import type { TimelineGesture } from '../../../common/timeline.ts';
import type { SpokenWord } from '../tts/types.ts';

export interface GestureContext {
  text: string;
  words: readonly SpokenWord[];
  durationMs: number;
  /** First segment of the utterance: the twin looks thoughtful until it starts speaking. */
  isFirst: boolean;
  /** Last segment: the twin settles to idle after the last word. */
  isLast: boolean;
}

const AFFIRMATIONS = new Set([
  'yes',
  'yeah',
  'yep',
  'absolutely',
  'certainly',
  'correct',
  'exactly',
  'indeed',
  'sure',
  'agreed',
  'definitely',
  'right',
  'true',
  'of course',
]);
const FUNCTION_WORDS = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'but',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'by',
  'from',
  'as',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'it',
  'its',
  'this',
  'that',
  'these',
  'those',
  'we',
  'you',
  'they',
  'he',
  'she',
  'i',
  'our',
  'your',
  'their',
  'his',
  'her',
  'will',
  'would',
  'can',
  'could',
  'should',
  'have',
  'has',
  'had',
  'do',
  'does',
  'did',
  'not',
  'so',
  'than',
  'then',
  'there',
  'which',
  'who',
  'what',
  'when',
  'where',
  'about',
  'into',
  'over',
  'also',
  'because',
  'through',
  'between',
]);
const INTENSIFIERS = new Set(['very', 'really', 'most', 'every', 'never', 'always', 'only', 'all', 'no']);

/** Emphasis beats closer than this would look twitchy. */
const MIN_EMPHASIS_GAP_MS = 1200;
const NOD_LEAD_MS = 150;
const NOD_TAIL_MS = 350;

interface Written {
  text: string;
  startMs: number;
  endMs: number;
  charStart: number;
}

/** Words grouped by the written token they came from ("forty two" -> "42"), with its time span. */
function writtenTokens(ctx: GestureContext): Written[] {
  const out: Written[] = [];
  for (const w of ctx.words) {
    const last = out[out.length - 1];
    if (last && last.charStart === w.charStart && w.charEnd > w.charStart) {
      last.endMs = Math.max(last.endMs, w.endMs);
      continue;
    }
    const text = w.charEnd > w.charStart ? ctx.text.slice(w.charStart, w.charEnd) : w.word;
    out.push({ text, startMs: w.startMs, endMs: w.endMs, charStart: w.charStart });
  }
  return out;
}

function emphasisScore(tok: Written, index: number, all: readonly Written[]): number {
  const bare = tok.text.replace(/^[^A-Za-z0-9$]+|[^A-Za-z0-9%]+$/g, '');
  const lower = bare.toLowerCase();
  if (!bare || FUNCTION_WORDS.has(lower)) return 0;
  let score = 0;
  if (/\d/.test(bare) || bare.endsWith('%')) score += 3; // numbers carry the news
  if (bare.length >= 2 && bare === bare.toUpperCase() && /[A-Z]{2}/.test(bare)) score += 2; // SHOUTED or acronyms
  if (index > 0 && /^[A-Z]/.test(bare)) score += 1; // proper nouns mid-sentence
  if (bare.length >= 8) score += 1;
  const prev = all[index - 1]?.text.toLowerCase().replace(/[^a-z]/g, '');
  if (prev && INTENSIFIERS.has(prev)) score += 2;
  return score;
}

/**
 * Gestures for one segment, from its text and word times: `thinking` before the first word of an
 * utterance, `nod` on affirmations and at the end of statements, `emphasis` on the most stressed content
 * words (numbers, names, intensified words) at most one per 1.2 s, `idle` after the last word of the
 * utterance. Sorted by start.
 */
export function planGestures(ctx: GestureContext): TimelineGesture[] {
  const out: TimelineGesture[] = [];
  const tokens = writtenTokens(ctx);
  const round = (ms: number) => Math.max(0, Math.min(Math.round(ms), Math.round(ctx.durationMs)));
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (ctx.isFirst) out.push({ g: 'thinking', s: 0, e: round(Math.max(first?.startMs ?? 0, 1)) });
  if (!first || !last) return out;

  const affirmation = [
    first.text,
    tokens
      .slice(0, 2)
      .map((t) => t.text)
      .join(' '),
  ]
    .map((t) => t.toLowerCase().replace(/[^a-z ]/g, ''))
    .some((t) => AFFIRMATIONS.has(t));
  if (affirmation) out.push({ g: 'nod', s: round(first.startMs), e: round(first.endMs + NOD_TAIL_MS / 2) });

  const candidates = tokens
    .map((t, i) => ({ t, score: emphasisScore(t, i, tokens) }))
    .filter((c) => c.score >= 2)
    .sort((a, b) => b.score - a.score || a.t.startMs - b.t.startMs);
  const chosen: Written[] = [];
  for (const c of candidates) {
    if (chosen.every((x) => Math.abs(x.startMs - c.t.startMs) >= MIN_EMPHASIS_GAP_MS)) chosen.push(c.t);
  }
  for (const t of chosen) out.push({ g: 'emphasis', s: round(t.startMs), e: round(t.endMs) });

  const statementEnd = /[.!]["')\]]*\s*$/.test(ctx.text);
  const nodStart = last.endMs - NOD_LEAD_MS;
  if (statementEnd && !(affirmation && nodStart < first.endMs + NOD_TAIL_MS)) {
    out.push({ g: 'nod', s: round(nodStart), e: round(last.endMs + NOD_TAIL_MS) });
  }
  if (ctx.isLast && ctx.durationMs > last.endMs)
    out.push({ g: 'idle', s: round(last.endMs), e: round(ctx.durationMs) });
  return out.sort((a, b) => a.s - b.s);
}
