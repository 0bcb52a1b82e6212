import {
  speakSentences,
  trimLeadingSilence,
  type SpeechSegment,
  type TtsProvider,
} from '../../speech/index.ts';
import { speakableChunks } from './spoken-reply.ts';

/**
 * The start of an answer's speech: its first chunk is being synthesized (or is ready), the rest is
 * only text. Splitting here lets the first chunk be made ahead of time (an approved question waiting
 * in the queue) while the rest is synthesized as it plays.
 */
export interface SpeechStart {
  readonly text: string;
  readonly chunks: readonly string[];
  /** The first chunk's audio, leading pause trimmed: that pause is only latency. */
  readonly first: Promise<SpeechSegment>;
  /** Stops every synthesis started for this speech (the first chunk's and, once playing, the rest's). */
  readonly abort: AbortController;
}

/** Starts synthesizing the first chunk of `text`; null when there is nothing to say. */
export function startSpeech(tts: TtsProvider, text: string): SpeechStart | null {
  const chunks = speakableChunks(text);
  const head = chunks[0];
  if (head === undefined) return null;
  const abort = new AbortController();
  const first = tts.synthesize(head, { signal: abort.signal }).then((seg) => trimLeadingSilence(seg));
  // Observed here so an abort before playback is not an unhandled rejection; awaited again later.
  first.catch(() => undefined);
  return { text, chunks, first, abort };
}

/**
 * The whole speech as segments: the first chunk, then the others, each synthesized while the one
 * before it plays (the second starts at once). Ending the iteration early stops the synthesis.
 */
export async function* speechSegments(tts: TtsProvider, start: SpeechStart): AsyncGenerator<SpeechSegment> {
  const restText = start.chunks.slice(1);
  const rest =
    restText.length > 0
      ? speakSentences(tts, restText, { signal: start.abort.signal })[Symbol.asyncIterator]()
      : null;
  const second = rest?.next();
  second?.catch(() => undefined);
  try {
    yield await start.first;
    if (!rest || !second) return;
    for (let next = await second; !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest?.return?.(undefined);
  }
}
