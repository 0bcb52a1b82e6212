const MAX = 400;

/**
 * Onset times (page clock, ms) of the twin's mouth opening and of its audio as heard, kept for the
 * debug API: a test or `bench:twin` pairs them to measure the A/V offset in the browser.
 */
export class OnsetLog {
  readonly mouthMs: number[] = [];
  readonly audioMs: number[] = [];
  /** Off unless the test hook asks: tracing the mouth between frames costs work every frame. */
  enabled = false;

  mouth(atMs: number): void {
    if (this.enabled) push(this.mouthMs, atMs);
  }

  audio(atMs: number): void {
    if (this.enabled) push(this.audioMs, atMs);
  }

  clear(): void {
    this.mouthMs.length = 0;
    this.audioMs.length = 0;
  }
}

function push(list: number[], v: number): void {
  list.push(v);
  if (list.length > MAX) list.splice(0, list.length - MAX);
}
