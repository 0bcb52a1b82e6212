import type { LocalParticipant, TextStreamWriter } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import { captionCharsAt, type CaptionUnit } from './captions.ts';
import { TRANSCRIPTION_ATTRIBUTES, TRANSCRIPTION_TOPIC } from './types.ts';

/** Where captions go: the current connection (null while re-joining) and the twin's track. */
export interface CaptionTarget {
  participant(): LocalParticipant | null;
  trackSid(): string | null;
  log: Logger;
}

/**
 * One segment's caption as LiveKit text streams on `lk.transcription`: a delta stream
 * (`lk.transcription_final` = "false") that receives each word as it is played, then, once the segment
 * is played out or cut, a second stream with the same `lk.segment_id`, `lk.transcription_final` = "true"
 * and the text that was actually heard. LiveKit frontends show the latest stream per segment id.
 * Writes are chained so they stay in order; failures are logged, never thrown (captions must not stop
 * the voice).
 */
export class SegmentCaption {
  private sentChars = 0;
  private writer: TextStreamWriter | null = null;
  private writerFailed = false;
  private chain: Promise<void> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly target: CaptionTarget,
    readonly segmentId: string,
    private readonly text: string,
    private readonly units: readonly CaptionUnit[],
    private readonly durationMs: number,
  ) {}

  /** The segment's playout reached `tMs` (segment clock): stream the words that have started. */
  advance(tMs: number): void {
    if (this.finished) return;
    const chars = captionCharsAt(this.text, this.units, tMs, this.durationMs);
    if (chars <= this.sentChars) return;
    const delta = this.text.slice(this.sentChars, chars);
    this.sentChars = chars;
    this.enqueue(async () => {
      const writer = await this.openWriter();
      await writer?.write(delta);
    });
  }

  /** Ends the segment's caption with the final text heard (resolves when sent or failed). */
  finish(heardText: string): Promise<void> {
    if (this.finished) return this.chain;
    this.finished = true;
    // Nothing was shown and nothing was heard: there is nothing to correct.
    if (this.sentChars === 0 && heardText === '') return this.chain;
    this.enqueue(async () => {
      const writer = this.writer;
      this.writer = null;
      // A writer that failed earlier is already closed; the final stream matters more.
      await writer?.close().catch(() => undefined);
      const lp = this.target.participant();
      if (!lp) return;
      await lp.sendText(heardText, { topic: TRANSCRIPTION_TOPIC, attributes: this.attributes(true) });
    });
    return this.chain;
  }

  private attributes(final: boolean): Record<string, string> {
    const attrs: Record<string, string> = {
      [TRANSCRIPTION_ATTRIBUTES.segmentId]: this.segmentId,
      [TRANSCRIPTION_ATTRIBUTES.final]: final ? 'true' : 'false',
    };
    const trackSid = this.target.trackSid();
    if (trackSid) attrs[TRANSCRIPTION_ATTRIBUTES.trackId] = trackSid;
    return attrs;
  }

  private async openWriter(): Promise<TextStreamWriter | null> {
    if (this.writer || this.writerFailed) return this.writer;
    const lp = this.target.participant();
    if (!lp) return null;
    try {
      this.writer = await lp.streamText({ topic: TRANSCRIPTION_TOPIC, attributes: this.attributes(false) });
    } catch (err) {
      // One failure per segment is enough: the final stream still carries the heard text.
      this.writerFailed = true;
      throw err;
    }
    return this.writer;
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((err: unknown) => {
      this.target.log.warn({ err, segmentId: this.segmentId }, 'caption stream write failed');
    });
  }
}
