import type { QaCitation } from '../../../common/qa.ts';
import { splitSentences } from '../../speech/index.ts';
import type { TwinAnswer } from '../../twin/index.ts';

/**
 * What the twin says for an answer. The first time it addresses a room session it opens with the
 * persona's disclosure line (the spoken AI notice); after that the answer text alone.
 */
export function spokenReply(answer: TwinAnswer, disclosure: string | null): string {
  const body = answer.text.trim();
  if (!disclosure) return body;
  return `${disclosure.trim()} ${body}`.trim();
}

/** The answer's citations as the Q&A stores and shows them (title, date, quote, version, offsets). */
export function qaCitations(answer: TwinAnswer): QaCitation[] {
  return answer.citations.map((c) => ({
    doc: c.doc,
    title: c.title,
    date: c.date,
    quote: c.quote,
    start: c.start,
    end: c.end,
    version: c.version,
    hash: c.hash,
  }));
}

/** A first sentence longer than this is split at its first clause boundary. */
const FIRST_CHUNK_MAX_CHARS = 48;
/** ...but never into a head shorter than this (a word or two sounds clipped on its own). */
const FIRST_CHUNK_MIN_CHARS = 12;

/**
 * The reply as the chunks it is synthesized in: sentences, except that a long first sentence is cut
 * at its first comma, semicolon or dash, so the twin starts speaking after synthesizing a clause
 * rather than a whole sentence. Later sentences are synthesized while earlier ones play.
 */
export function speakableChunks(text: string): string[] {
  const sentences = splitSentences(text).map((s) => s.text);
  const first = sentences[0];
  if (first === undefined || first.length <= FIRST_CHUNK_MAX_CHARS) return sentences;
  const boundary = /[,;:]\s|\s[—–-]\s/g;
  for (let m = boundary.exec(first); m; m = boundary.exec(first)) {
    const cut = m.index + 1;
    if (cut < FIRST_CHUNK_MIN_CHARS) continue;
    if (first.length - cut < FIRST_CHUNK_MIN_CHARS) break;
    return [first.slice(0, cut).trim(), first.slice(cut).trim(), ...sentences.slice(1)];
  }
  return sentences;
}
