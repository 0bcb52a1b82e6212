import { abortError, throwIfAborted } from '../errors.ts';
import type { SpeechSegment, TtsProvider } from './types.ts';

export interface SpeakSentencesOptions {
  signal?: AbortSignal;
  /**
   * How many sentences may be synthesized ahead of the one the consumer holds (>= 1). With 1, the next
   * sentence is synthesized while the current one plays.
   */
  lookahead?: number;
}

/**
 * Synthesizes sentences in order, yielding each segment as soon as it is ready while the next is
 * synthesized ahead. A slow sentence source (an LLM stream) never holds back a segment that is ready.
 * Stops promptly when `signal` fires (throws SpeechError 'aborted') or when the consumer stops
 * iterating: in-flight synthesis is cancelled and no further sentence is started.
 *
 * @example
 * for await (const seg of speakSentences(tts, splitSentences(answer).map((s) => s.text), { signal })) play(seg);
 */
export async function* speakSentences(
  provider: TtsProvider,
  sentences: Iterable<string> | AsyncIterable<string>,
  options: SpeakSentencesOptions = {},
): AsyncGenerator<SpeechSegment, void, undefined> {
  const { signal } = options;
  const lookahead = Math.max(1, Math.floor(options.lookahead ?? 1));
  throwIfAborted(signal);
  // One controller for everything started here: fired by the caller's signal or by our own exit.
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const source = toAsyncIterator(sentences);
  const queue: Promise<SpeechSegment>[] = [];
  let sourceDone = false;
  let sourceError: { error: unknown } | null = null;
  let wakePump: (() => void) | null = null;
  let wakeConsumer: (() => void) | null = null;
  const wake = (which: 'pump' | 'consumer') => {
    const fn = which === 'pump' ? wakePump : wakeConsumer;
    if (which === 'pump') wakePump = null;
    else wakeConsumer = null;
    fn?.();
  };
  inner.signal.addEventListener('abort', () => {
    wake('pump');
    wake('consumer');
  });

  // Pulls sentences and starts their synthesis, never more than `lookahead` not yet handed out.
  const pump = async () => {
    try {
      for (;;) {
        while (queue.length >= lookahead && !inner.signal.aborted) {
          await new Promise<void>((r) => (wakePump = r));
        }
        if (inner.signal.aborted) return;
        const next = await source.next();
        if (next.done || inner.signal.aborted) return;
        const text = next.value.trim();
        if (!text) continue;
        const job = provider.synthesize(text, { signal: inner.signal });
        // Errors are re-thrown when the consumer reaches this sentence; until then, keep them handled.
        job.catch(() => undefined);
        queue.push(job);
        wake('consumer');
      }
    } catch (error) {
      sourceError = { error };
    } finally {
      sourceDone = true;
      wake('consumer');
    }
  };
  void pump();

  try {
    for (;;) {
      throwIfAborted(inner.signal);
      const job = queue[0];
      if (!job) {
        if (sourceDone) {
          if (sourceError) throw (sourceError as { error: unknown }).error;
          return;
        }
        await new Promise<void>((r) => (wakeConsumer = r));
        continue;
      }
      const segment = await raceAbort(job, inner.signal);
      queue.shift();
      wake('pump');
      yield segment;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!inner.signal.aborted) inner.abort();
    // Not awaited: the source may be blocked in next(); it should watch the same signal.
    if (!sourceDone) source.return?.()?.catch(() => undefined);
  }
}

function toAsyncIterator(src: Iterable<string> | AsyncIterable<string>): AsyncIterator<string> {
  if (Symbol.asyncIterator in src) return src[Symbol.asyncIterator]();
  const it = src[Symbol.iterator]();
  return {
    next: async () => it.next(),
    return: async () => it.return?.() ?? { done: true, value: undefined },
  };
}

/** Resolves with `p`, or rejects as soon as `signal` fires even if `p` is still running. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
