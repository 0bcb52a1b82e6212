import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeWav, samplesToMs } from '../../audio/pcm.ts';
import { resamplePcm } from '../../audio/resample.ts';
import { WarmProcess } from '../../engine/warm-process.ts';
import { SpeechError, throwIfAborted } from '../../errors.ts';
import { moduleLogger } from '../../log.ts';
import {
  SPEECH_SAMPLE_RATE_HZ,
  type Availability,
  type SpeechSegment,
  type SynthesizeOptions,
  type TtsCapabilities,
  type TtsProvider,
} from '../types.ts';
import { mapWordsToText, parseFestivalOutput } from './parse.ts';
import { festivalPrelude, isSafeVoiceName, sanitizeForFestival, synthCommand } from './scheme.ts';

export const FESTIVAL_DEFAULT_VOICE = 'cmu_us_slt_arctic_hts';
export const FESTIVAL_INSTALL_HINT = 'sudo apt-get install -y festival festvox-us-slt-hts';

export interface FestivalTtsOptions {
  /** The festival binary (default `festival` on PATH). */
  command?: string;
  /** Voice without the `voice_` prefix. */
  voice?: string;
  /** Warm processes; requests go to the least busy. 1 suits a 2-core machine. */
  poolSize?: number;
  /** Per sentence, from when it is handed to the process (queueing behind others is not counted). */
  timeoutMs?: number;
  /** Process start including voice load (~0.5 s warm disk, more when cold). */
  startTimeoutMs?: number;
  /** Longer text is refused: split it with splitSentences first. */
  maxTextChars?: number;
  logger?: Logger;
}

/**
 * Festival with the HTS voice, kept warm: each pool member is one long-lived `festival --pipe`
 * process driven with Scheme over stdin, so a sentence costs synthesis time only (no start-up). Phone
 * and word times come from the utterance's Segment and Word relations: exact for the audio returned.
 */
export class FestivalTts implements TtsProvider {
  readonly id = 'festival';
  readonly capabilities: TtsCapabilities = { timings: 'exact', sampleRateHz: 32_000 };
  private readonly voice: string;
  private readonly pool: { proc: WarmProcess; busy: number }[] = [];
  private readonly timeoutMs: number;
  private readonly maxTextChars: number;
  private readonly log: Logger;
  private workDir: Promise<string> | null = null;
  private nextId = 1;
  private closed = false;

  constructor(options: FestivalTtsOptions = {}) {
    this.voice = options.voice ?? FESTIVAL_DEFAULT_VOICE;
    if (!isSafeVoiceName(this.voice))
      throw new SpeechError('bad_input', `not a Festival voice name: ${this.voice}`);
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxTextChars = options.maxTextChars ?? 2000;
    this.log = moduleLogger(options.logger, 'speech.festival');
    const size = Math.max(1, Math.floor(options.poolSize ?? 1));
    for (let i = 0; i < size; i++) {
      const proc = new WarmProcess({
        name: 'festival',
        command: options.command ?? 'festival',
        args: ['--pipe'],
        initInput: festivalPrelude(this.voice),
        readyCheck: (line) => {
          const m = /^PODIUM-READY (.*)$/.exec(line);
          if (!m) return undefined;
          return m[1] === this.voice
            ? 'ready'
            : `Festival voice ${this.voice} is not installed (current voice: ${m[1]}): run \`${FESTIVAL_INSTALL_HINT}\``;
        },
        startTimeoutMs: options.startTimeoutMs ?? 20_000,
        notInstalledMessage: `Festival is not installed: run \`${FESTIVAL_INSTALL_HINT}\``,
        logger: this.log.child({ member: i }),
      });
      this.pool.push({ proc, busy: 0 });
    }
  }

  /** Starts the pool (voice loaded); reports why not, with the apt command, when it cannot. */
  async isAvailable(): Promise<Availability> {
    try {
      await this.warmUp();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Starts every process now so the first sentence does not pay for start-up. */
  async warmUp(): Promise<void> {
    await Promise.all(this.pool.map((m) => m.proc.ensureStarted()));
  }

  /** Processes spawned so far, per pool member (1 each while none has died). */
  processStarts(): number[] {
    return this.pool.map((m) => m.proc.starts);
  }

  /** Pids of the running processes (for tests and diagnostics). */
  pids(): (number | undefined)[] {
    return this.pool.map((m) => m.proc.pid);
  }

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechSegment> {
    const { signal } = options;
    throwIfAborted(signal);
    if (this.closed) throw new SpeechError('engine_failed', 'Festival TTS is closed');
    if (text.length > this.maxTextChars) {
      throw new SpeechError(
        'bad_input',
        `text is ${text.length} characters; the limit is ${this.maxTextChars} (split it into sentences)`,
      );
    }
    const clean = sanitizeForFestival(text);
    if (!/[A-Za-z0-9]/.test(clean)) throw new SpeechError('bad_input', 'text has nothing to say');
    const member = this.pool.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    const wavPath = join(await this.dir(), `u${id}.wav`);
    member.busy++;
    const started = performance.now();
    try {
      const lines = await member.proc.request(
        synthCommand(id, clean, wavPath),
        (l) => l === `PODIUM-END ${id}`,
        {
          timeoutMs: options.timeoutMs ?? this.timeoutMs,
          signal,
        },
      );
      const out = parseFestivalOutput(lines, id);
      if (!out.ok) {
        const why = member.proc.recentStderr().slice(-2).join(' | ') || 'no output';
        throw new SpeechError('engine_failed', `Festival could not synthesize this text: ${why}`);
      }
      const wav = decodeWav(await readFile(wavPath));
      const pcm = resamplePcm(wav.samples, wav.sampleRateHz, SPEECH_SAMPLE_RATE_HZ);
      const durationMs = samplesToMs(pcm.length, SPEECH_SAMPLE_RATE_HZ);
      const clamp = (ms: number) => Math.min(Math.max(ms, 0), durationMs);
      const words = mapWordsToText(out, clean).map((w) => ({
        ...w,
        startMs: clamp(w.startMs),
        endMs: clamp(w.endMs),
      }));
      const phones = out.phones.map((p) => ({
        phone: p.phone,
        startMs: clamp(p.startMs),
        endMs: clamp(p.endMs),
      }));
      this.log.debug(
        { id, chars: text.length, durationMs, synthMs: performance.now() - started },
        'synthesized',
      );
      return {
        text,
        pcm,
        sampleRateHz: SPEECH_SAMPLE_RATE_HZ,
        durationMs,
        words,
        phones,
        providerId: this.id,
        timings: 'exact',
      };
    } finally {
      member.busy--;
      // Festival may still be writing when a request was cancelled; the file is removed either way.
      unlink(wavPath).catch(() => undefined);
    }
  }

  private dir(): Promise<string> {
    this.workDir ??= mkdtemp(join(tmpdir(), 'podium-festival-'));
    return this.workDir;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.pool.map((m) => m.proc.close()));
    if (this.workDir) await rm(await this.workDir, { recursive: true, force: true });
  }

  /** Kills every process (the next request restarts them): for tests of crash recovery. */
  killProcessesForTest(): void {
    for (const m of this.pool) m.proc.killNow();
  }
}
