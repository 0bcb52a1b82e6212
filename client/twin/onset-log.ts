const MAX = 400;

/** What the schedule did, for diagnosing A/V offsets (page clock, ms). */
export type ScheduleEvent =
  | { kind: 'start'; atMs: number; utteranceId: string }
  | {
      kind: 'segment';
      atMs: number;
      utteranceId: string;
      seq: number;
      audioStartOffsetMs: number;
      exact: boolean;
    }
  | { kind: 'anchor'; atMs: number; utteranceId: string; phraseMs: number; first: boolean };

/**
 * Onset times (page clock, ms) of the twin's mouth opening and of its audio as heard, kept for the
 * debug API: a test or `bench:twin` pairs them to measure the A/V offset in the browser.
 */
export class OnsetLog {
  readonly mouthMs: number[] = [];
  readonly audioMs: number[] = [];
  readonly events: ScheduleEvent[] = [];
  /** Off unless the test hook asks: tracing the mouth between frames costs work every frame. */
  enabled = false;

  mouth(atMs: number): void {
    if (this.enabled) push(this.mouthMs, atMs);
  }

  audio(atMs: number): void {
    if (this.enabled) push(this.audioMs, atMs);
  }

  event(e: ScheduleEvent): void {
    if (this.enabled) push(this.events, e);
  }

  clear(): void {
    this.mouthMs.length = 0;
    this.audioMs.length = 0;
    this.events.length = 0;
  }
}

function push<T>(list: T[], v: T): void {
  list.push(v);
  if (list.length > MAX) list.splice(0, list.length - MAX);
}
