import { access, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { encodeWav } from '../../audio/pcm.ts';
import { findOnPath } from '../../engine/find-on-path.ts';
import { WarmProcess } from '../../engine/warm-process.ts';
import { SpeechError, throwIfAborted } from '../../errors.ts';
import { moduleLogger } from '../../log.ts';
import {
  STT_SAMPLE_RATE_HZ,
  type Availability,
  type SttCapabilities,
  type SttProvider,
  type TranscribeOptions,
  type Transcript,
} from '../types.ts';
import { parseCtm, parseHypseg, parseNoiseDict, toTranscriptWords, type HypsegWord } from './parse.ts';

export const POCKETSPHINX_INSTALL_HINT = 'sudo apt-get install -y pocketsphinx pocketsphinx-en-us';
const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface PocketsphinxSttOptions {
  /** The batch decoder (default `pocketsphinx_batch` on PATH). */
  command?: string;
  /** Acoustic model directory, language model and dictionary (Debian's en-us model by default). */
  hmm?: string;
  lm?: string;
  dict?: string;
  /** Fixed allowance per utterance; the audio's own duration is added on top. */
  timeoutMs?: number;
  /** Model load (~0.5-1 s) plus a warm-up utterance. */
  startTimeoutMs?: number;
  /** Longer utterances are refused (the VAD cuts speech long before this). */
  maxAudioMs?: number;
  logger?: Logger;
}

const WARMUP_ID = 'warmup';

/**
 * Pocketsphinx kept warm: one `pocketsphinx_batch` process reads its control file from a pipe, so the
 * model loads once and each utterance is a line naming a WAV file in a private temp directory (Node's
 * child stdin is a socket, which the decoder cannot open as a file: a shell `cat |` gives it a pipe).
 * Word times come from -hypseg, confidences from -ctm.
 */
export class PocketsphinxStt implements SttProvider {
  readonly id = 'pocketsphinx';
  readonly capabilities: SttCapabilities = { wordTimings: true, confidences: true };
  private readonly opts: Required<Omit<PocketsphinxSttOptions, 'logger'>>;
  private readonly log: Logger;
  private proc: WarmProcess | null = null;
  private setup: Promise<{ proc: WarmProcess; dir: string; fillers: Set<string> }> | null = null;
  private nextId = 1;
  private closed = false;

  constructor(options: PocketsphinxSttOptions = {}) {
    this.opts = {
      command: options.command ?? 'pocketsphinx_batch',
      hmm: options.hmm ?? join(MODEL_DIR, 'en-us'),
      lm: options.lm ?? join(MODEL_DIR, 'en-us.lm.bin'),
      dict: options.dict ?? join(MODEL_DIR, 'cmudict-en-us.dict'),
      timeoutMs: options.timeoutMs ?? 15_000,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
      maxAudioMs: options.maxAudioMs ?? 120_000,
    };
    this.log = moduleLogger(options.logger, 'speech.pocketsphinx');
  }

  /** Checks the decoder and model are installed and starts the warm process. */
  async isAvailable(): Promise<Availability> {
    try {
      await this.ready();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Loads the model now so the first question does not wait for it. */
  async warmUp(): Promise<void> {
    await this.ready();
  }

  /** Decoder processes spawned so far (1 while the first lives). */
  processStarts(): number {
    return this.proc?.starts ?? 0;
  }

  private ready(): Promise<{ proc: WarmProcess; dir: string; fillers: Set<string> }> {
    this.setup ??= this.prepare().catch((err: unknown) => {
      this.setup = null;
      throw err;
    });
    return this.setup.then(async (s) => {
      await s.proc.ensureStarted();
      return s;
    });
  }

  private async prepare(): Promise<{ proc: WarmProcess; dir: string; fillers: Set<string> }> {
    const notInstalled = (what: string) =>
      new SpeechError('not_installed', `${what} is not installed: run \`${POCKETSPHINX_INSTALL_HINT}\``);
    const binary = await findOnPath(this.opts.command);
    if (!binary) throw notInstalled(`The pocketsphinx decoder (${this.opts.command})`);
    for (const f of [this.opts.hmm, this.opts.lm, this.opts.dict]) {
      try {
        await access(f);
      } catch {
        throw notInstalled(`The pocketsphinx model file ${f}`);
      }
    }
    const noise = await readFile(join(this.opts.hmm, 'noisedict'), 'utf8').catch(() => '');
    const fillers = parseNoiseDict(noise);
    const dir = await mkdtemp(join(tmpdir(), 'podium-pocketsphinx-'));
    // A short silent utterance proves the model is loaded and the pipes work before we report ready.
    await writeFile(join(dir, `${WARMUP_ID}.wav`), encodeWav(new Int16Array(1600), STT_SAMPLE_RATE_HZ));
    const args = [
      '-hmm',
      this.opts.hmm,
      '-lm',
      this.opts.lm,
      '-dict',
      this.opts.dict,
      '-samprate',
      String(STT_SAMPLE_RATE_HZ),
      '-adcin',
      'yes',
      '-adchdr',
      '44',
      '-cepdir',
      dir,
      '-cepext',
      '.wav',
      '-ctl',
      '/dev/stdin',
      '-hypseg',
      '/dev/stdout',
      '-ctm',
      '/dev/stdout',
      '-logfn',
      '/dev/null',
    ];
    const proc = new WarmProcess({
      name: 'pocketsphinx',
      command: 'sh',
      args: ['-c', 'cat | "$0" "$@" | cat', binary, ...args],
      initInput: `${WARMUP_ID}\n`,
      readyCheck: (line) => (line.startsWith(`${WARMUP_ID} S `) ? 'ready' : undefined),
      startTimeoutMs: this.opts.startTimeoutMs,
      notInstalledMessage: `A POSIX shell is needed to run pocketsphinx`,
      logger: this.log,
    });
    this.proc = proc;
    return { proc, dir, fillers };
  }

  async transcribe(pcm16k: Int16Array, options: TranscribeOptions = {}): Promise<Transcript> {
    const { signal } = options;
    throwIfAborted(signal);
    if (this.closed) throw new SpeechError('engine_failed', 'pocketsphinx STT is closed');
    const audioMs = (pcm16k.length * 1000) / STT_SAMPLE_RATE_HZ;
    if (audioMs > this.opts.maxAudioMs) {
      throw new SpeechError(
        'bad_input',
        `audio is ${Math.round(audioMs)} ms; the limit is ${this.opts.maxAudioMs} ms`,
      );
    }
    if (pcm16k.length === 0) return { text: '', words: [] };
    const { proc, dir, fillers } = await this.ready();
    const uttId = `u${this.nextId++}`;
    const wavPath = join(dir, `${uttId}.wav`);
    await writeFile(wavPath, encodeWav(pcm16k, STT_SAMPLE_RATE_HZ));
    let hyp: HypsegWord[] | null = null;
    let expected = 0;
    const confidences: number[] = [];
    // The decoder writes the hypseg line, then one ctm line per real word: done when all are in.
    const isEnd = (line: string): boolean => {
      if (!hyp) {
        hyp = parseHypseg(line, uttId, fillers);
        if (!hyp) return false;
        expected = hyp.filter((w) => !w.filler).length;
        return expected === 0;
      }
      const ctm = parseCtm(line, uttId);
      if (ctm) confidences.push(ctm.confidence);
      return confidences.length >= expected;
    };
    try {
      await proc.request(`${uttId}\n`, isEnd, {
        timeoutMs: options.timeoutMs ?? this.opts.timeoutMs + audioMs,
        signal,
      });
    } finally {
      unlink(wavPath).catch(() => undefined);
    }
    const words = toTranscriptWords(hyp ?? [], confidences);
    return { text: words.map((w) => w.word).join(' '), words };
  }

  /** Kills the decoder (the next request restarts it): for tests of crash recovery. */
  killProcessForTest(): void {
    this.proc?.killNow();
  }

  async close(): Promise<void> {
    this.closed = true;
    const setup = await this.setup?.catch(() => null);
    await this.proc?.close();
    if (setup) await rm(setup.dir, { recursive: true, force: true });
  }
}
