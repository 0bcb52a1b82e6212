import { OnsetTracker } from './onset-tracker.ts';

/**
 * The analyser's window, polled once a frame: 32768 samples (the most Web Audio allows) is ~680 ms at
 * 48 kHz. A busy machine stalls frames for well over 170 ms (8192 samples); a gap in what was analysed
 * loses onsets and, worse, used to invent one mid-phrase.
 */
const FFT_SIZE = 32768;

/**
 * Listens to the twin's received audio (the same source node that plays it) and reports onsets on
 * the page clock (performance.now()) at the moment the listener HEARS them: the analyser sees a
 * sample when the audio graph renders it; the output device plays it later, which
 * `getOutputTimestamp()` (or, failing that, outputLatency + baseLatency) accounts for.
 */
export class TwinAudioTap {
  private readonly analyser: AnalyserNode;
  private readonly buf: Float32Array<ArrayBuffer>;
  private readonly tracker: OnsetTracker;
  /** Audio-clock time (s) just after the last sample analysed. */
  private analysedUntilSec = -1;
  /** Audio-clock time of the poll in progress, to place onsets on the page clock. */
  private pollAtSec = 0;
  /** Heard times (page clock) of the current sound's onset and of the previous sound's end. */
  private soundStartMs = Infinity;
  private previousSoundEndMs = -Infinity;
  /** How many times polling fell so far behind that samples were never analysed (diagnostics). */
  gaps = 0;

  /**
   * `onOnset(heardMs, renderedMs)`: when the listener hears the onset, and when the audio graph had
   * rendered it (a frame drawn from then on could know about it; earlier by the output latency).
   */
  constructor(
    private readonly context: AudioContext,
    private readonly source: AudioNode,
    onOnset: (heardMs: number, renderedMs: number) => void,
  ) {
    this.analyser = new AnalyserNode(context, { fftSize: FFT_SIZE, smoothingTimeConstant: 0 });
    source.connect(this.analyser);
    this.buf = new Float32Array(FFT_SIZE);
    this.tracker = new OnsetTracker({ sampleRateHz: context.sampleRate }, (tSec) => {
      const now = performance.now();
      const heard = this.heardAtMs(tSec, now);
      this.previousSoundEndMs = this.heardAtMs(this.tracker.previousSoundSec, now);
      this.soundStartMs = heard;
      onOnset(heard, Math.min(now, now - (this.pollAtSec - tSec) * 1000));
    });
  }

  /**
   * True when twin audio was heard at some point in (atMs - windowMs, atMs] (page clock), for any
   * `atMs` up to now: the mouth may move only while the voice is heard.
   */
  heardWithin(atMs: number, windowMs: number): boolean {
    const lastSec = this.tracker.lastSoundSec;
    if (lastSec === -Infinity) return false;
    const now = performance.now();
    if (atMs >= this.soundStartMs) return atMs - this.heardAtMs(lastSec, now) < windowMs;
    return atMs - this.previousSoundEndMs < windowMs;
  }

  /** True while the twin's audio is sounding. */
  get sounding(): boolean {
    return this.tracker.sounding;
  }

  /** Analyses the samples rendered since the last call. Call once per frame. */
  poll(): void {
    const ctx = this.context;
    if (ctx.state !== 'running') return;
    const nowSec = ctx.currentTime;
    this.analyser.getFloatTimeDomainData(this.buf);
    const rate = ctx.sampleRate;
    const n = this.buf.length;
    let newSamples = this.analysedUntilSec < 0 ? n : Math.round((nowSec - this.analysedUntilSec) * rate);
    if (newSamples <= 0) return;
    if (newSamples > n) {
      // A long stall (tab in the background): what fell out of the window is lost.
      newSamples = n;
      this.tracker.lostSamples();
      this.gaps++;
    }
    this.pollAtSec = nowSec;
    this.tracker.push(this.buf, n - newSamples, n, nowSec - newSamples / rate);
    this.analysedUntilSec = nowSec;
  }

  /** Page-clock time (ms) at which audio-clock time `tSec` reaches the listener's ears. */
  heardAtMs(tSec: number, perfNowMs: number): number {
    const ctx = this.context;
    const ts = typeof ctx.getOutputTimestamp === 'function' ? ctx.getOutputTimestamp() : null;
    if (ts && ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0) {
      // The device is playing `contextTime` at `performanceTime`.
      return ts.performanceTime + (tSec - ts.contextTime) * 1000;
    }
    const latencySec = (ctx.baseLatency || 0) + (ctx.outputLatency || 0);
    return perfNowMs + (tSec - ctx.currentTime + latencySec) * 1000;
  }

  dispose(): void {
    try {
      this.source.disconnect(this.analyser);
    } catch {
      // Already disconnected with the voice.
    }
    this.analyser.disconnect();
  }
}
