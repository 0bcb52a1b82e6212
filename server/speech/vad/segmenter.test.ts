import { describe, expect, it } from 'vitest';
import { SpeechSegmenter, type VadEvent } from './segmenter.ts';

const FRAME = 32;

/** Feeds a probability pattern like "0000111111000" (one char per 32 ms frame). */
function run(pattern: string, options = {}): VadEvent[] {
  const seg = new SpeechSegmenter(FRAME, options);
  const events: VadEvent[] = [];
  [...pattern].forEach((c, i) =>
    events.push(...seg.feed(c === '1' ? 0.9 : c === 'm' ? 0.42 : 0.05, i * FRAME)),
  );
  events.push(...seg.flush(pattern.length * FRAME));
  return events;
}

describe('SpeechSegmenter', () => {
  const opts = { minSpeechMs: 96, minSilenceMs: 128, speechPadMs: 32 };

  it('finds one padded segment in speech surrounded by silence', () => {
    const events = run('00000' + '1'.repeat(10) + '0'.repeat(10), opts);
    expect(events).toEqual([
      { type: 'speech_start', startMs: 5 * FRAME - 32 },
      { type: 'speech_end', startMs: 5 * FRAME - 32, endMs: 15 * FRAME + 32 },
    ]);
  });

  it('ignores bursts shorter than minSpeechMs', () => {
    expect(run('0000110000000000', opts)).toEqual([]);
  });

  it('bridges pauses shorter than minSilenceMs and splits at longer ones', () => {
    const one = run('00' + '1111' + '000' + '1111' + '00000000', opts);
    expect(one.filter((e) => e.type === 'speech_end')).toHaveLength(1);
    const two = run('00' + '1111' + '00000' + '1111' + '00000000', opts);
    const ends = two.filter((e) => e.type === 'speech_end');
    expect(ends).toHaveLength(2);
    expect(ends[1]!.startMs).toBeGreaterThanOrEqual((ends[0] as { endMs: number }).endMs);
  });

  it('keeps speech going through frames between the two thresholds (hysteresis)', () => {
    const events = run('00' + '111' + 'mmmmmmmm' + '111' + '00000000', opts);
    expect(events.filter((e) => e.type === 'speech_end')).toHaveLength(1);
  });

  it('confirms speech only after minSpeechMs, reporting where it began', () => {
    const seg = new SpeechSegmenter(FRAME, opts);
    expect(seg.feed(0.9, 320)).toEqual([]);
    expect(seg.feed(0.9, 352)).toEqual([]);
    expect(seg.feed(0.9, 384)).toEqual([{ type: 'speech_start', startMs: 288 }]);
  });

  it('closes open speech at the end of the audio and never pads past it or before 0', () => {
    const events = run('1111111', opts);
    expect(events).toEqual([
      { type: 'speech_start', startMs: 0 },
      { type: 'speech_end', startMs: 0, endMs: 7 * FRAME },
    ]);
  });

  it('cuts speech longer than maxSpeechMs', () => {
    const events = run('1'.repeat(40) + '0'.repeat(10), { ...opts, maxSpeechMs: 320 });
    const ends = events.filter((e) => e.type === 'speech_end') as { startMs: number; endMs: number }[];
    expect(ends.length).toBeGreaterThanOrEqual(4);
    for (const e of ends) expect(e.endMs - e.startMs).toBeLessThanOrEqual(320 + 32);
  });
});
