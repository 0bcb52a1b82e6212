import { describe, expect, it } from 'vitest';
import { SpeechError } from '../errors.ts';
import { speakSentences } from './speak-sentences.ts';
import type { SpeechSegment, SynthesizeOptions, TtsProvider } from './types.ts';

/** A provider stage fake: records calls, can hang a sentence until aborted, can fail one. */
class ScriptedTts implements TtsProvider {
  readonly id = 'scripted';
  readonly capabilities = { timings: 'exact', sampleRateHz: 48_000 } as const;
  readonly calls: { text: string; signal: AbortSignal | undefined }[] = [];
  constructor(private readonly script: { hang?: string; fail?: string } = {}) {}
  async isAvailable() {
    return { ok: true } as const;
  }
  async close() {}
  synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechSegment> {
    this.calls.push({ text, signal: options.signal });
    return new Promise((resolve, reject) => {
      const abort = () => reject(new SpeechError('aborted', 'aborted'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      if (text === this.script.hang) return; // only an abort ends this one
      if (text === this.script.fail) return reject(new SpeechError('engine_failed', `cannot say ${text}`));
      setTimeout(() => resolve(segment(text)), 2);
    });
  }
}

function segment(text: string): SpeechSegment {
  return {
    text,
    pcm: new Int16Array(480),
    sampleRateHz: 48_000,
    durationMs: 10,
    words: [],
    phones: [],
    providerId: 'scripted',
    timings: 'exact',
  };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('speakSentences', () => {
  it('yields every sentence in order and skips blank ones', async () => {
    const tts = new ScriptedTts();
    const got: string[] = [];
    for await (const seg of speakSentences(tts, ['One.', '  ', 'Two.', 'Three.'])) got.push(seg.text);
    expect(got).toEqual(['One.', 'Two.', 'Three.']);
    expect(tts.calls.map((c) => c.text)).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('synthesizes the next sentence while the current one plays, and no further', async () => {
    const tts = new ScriptedTts();
    const it = speakSentences(tts, ['A.', 'B.', 'C.', 'D.']);
    const first = await it.next();
    expect(first.value?.text).toBe('A.');
    await tick(); // "playing" A
    expect(tts.calls.map((c) => c.text)).toEqual(['A.', 'B.']);
    await it.next();
    await tick();
    expect(tts.calls.map((c) => c.text)).toEqual(['A.', 'B.', 'C.']);
    await it.return(undefined);
  });

  it('honours a larger lookahead', async () => {
    const tts = new ScriptedTts();
    const it = speakSentences(tts, ['A.', 'B.', 'C.', 'D.', 'E.'], { lookahead: 3 });
    await it.next();
    await tick();
    expect(tts.calls.length).toBe(4);
    await it.return(undefined);
  });

  it('stops promptly on abort, cancelling the sentence in flight and starting no other', async () => {
    const tts = new ScriptedTts({ hang: 'Slow.' });
    const ac = new AbortController();
    const it = speakSentences(tts, ['Fast.', 'Slow.', 'Never.'], { signal: ac.signal });
    expect((await it.next()).value?.text).toBe('Fast.');
    const pending = it.next();
    await tick();
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(tts.calls.map((c) => c.text)).toEqual(['Fast.', 'Slow.']);
    expect(tts.calls[1]?.signal?.aborted).toBe(true);
    expect((await it.next()).done).toBe(true);
  });

  it('rejects at once when the signal has already fired', async () => {
    const tts = new ScriptedTts();
    const it = speakSentences(tts, ['A.'], { signal: AbortSignal.abort() });
    await expect(it.next()).rejects.toBeInstanceOf(SpeechError);
    expect(tts.calls).toEqual([]);
  });

  it('cancels work and closes the source when the consumer stops early', async () => {
    const tts = new ScriptedTts({ hang: 'Hang.' });
    let closed = false;
    async function* source() {
      try {
        yield 'First.';
        yield 'Hang.';
        yield 'Never.';
      } finally {
        closed = true;
      }
    }
    for await (const seg of speakSentences(tts, source())) {
      expect(seg.text).toBe('First.');
      await tick();
      break;
    }
    await tick();
    expect(tts.calls.map((c) => c.text)).toEqual(['First.', 'Hang.']);
    expect(tts.calls[1]?.signal?.aborted).toBe(true);
    expect(closed).toBe(true);
  });

  it('hands out a ready segment while a slow source is still producing the next sentence', async () => {
    const tts = new ScriptedTts();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slowSource() {
      yield 'Ready.';
      await gate; // an LLM still thinking
      yield 'Later.';
    }
    const it = speakSentences(tts, slowSource());
    expect((await it.next()).value?.text).toBe('Ready.');
    const second = it.next();
    release();
    expect((await second).value?.text).toBe('Later.');
    expect((await it.next()).done).toBe(true);
  });

  it('yields what it has, then throws the failure of a later sentence', async () => {
    const tts = new ScriptedTts({ fail: 'Bad.' });
    const got: string[] = [];
    const run = async () => {
      for await (const seg of speakSentences(tts, ['Good.', 'Bad.', 'Unreached.'])) got.push(seg.text);
    };
    await expect(run()).rejects.toMatchObject({ code: 'engine_failed' });
    expect(got).toEqual(['Good.']);
  });

  it('passes on an error from the sentence source after the sentences before it', async () => {
    const tts = new ScriptedTts();
    async function* broken() {
      yield 'Fine.';
      throw new Error('llm stream broke');
    }
    const got: string[] = [];
    const run = async () => {
      for await (const seg of speakSentences(tts, broken())) got.push(seg.text);
    };
    await expect(run()).rejects.toThrow('llm stream broke');
    expect(got).toEqual(['Fine.']);
  });
});
