import { describe, expect, it } from 'vitest';
import { visemeIndex, VISEME_COUNT, type TimelineSegmentMessage } from '../../common/timeline.ts';
import { VOICE_RISE_MS as RISE } from './audible-onsets.ts';
import { DEFAULT_SCHEDULE, UtteranceSchedule } from './utterance-schedule.ts';

/** A segment with a 150 ms lead-in pause, voice until 150 + voicedMs, then silence to durationMs. */
function seg(seq: number, offsetMs: number, voicedMs = 500, durationMs = 800): TimelineSegmentMessage {
  return {
    v: 1,
    type: 'segment',
    utteranceId: 'u1',
    seq,
    text: `Sentence ${seq}.`,
    audioStartOffsetMs: offsetMs,
    durationMs,
    words: [{ w: 'Sentence', s: 150, e: 150 + voicedMs }],
    visemes: [
      { v: 'sil', s: 0, e: 150, peak: 1 },
      { v: 'SS', s: 150, e: 250, peak: 0.6 },
      { v: 'E', s: 250, e: 150 + voicedMs, peak: 0.6 },
      { v: 'sil', s: 150 + voicedMs, e: durationMs, peak: 1 },
    ],
    gestures: [],
  };
}
const start = {
  v: 1,
  type: 'start',
  utteranceId: 'u1',
  audioStartSample: 0,
  sampleRateHz: 48000,
  sentAtMs: 0,
} as const;

describe('UtteranceSchedule', () => {
  it('anchors utterance time 0 at the heard onset minus the lead-in silence', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 1000);
    s.receive(seg(0, 0), 1001);
    expect(Number.isNaN(s.timeAt(1050))).toBe(true);
    // The listener hears voice at 1300: the "s" starting at utterance time 150 becomes audible as
    // its energy rises, RISE ms later.
    s.onset(1300);
    expect(s.anchorSource).toBe('onset');
    expect(s.timeAt(1300)).toBe(150 + RISE);
    expect(s.timeAt(1450)).toBe(300 + RISE);
    expect(s.segmentAt(300)?.seq).toBe(0);
  });

  it('fixes the anchor when the first segment arrives after the onset', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 1000);
    s.onset(1300);
    expect(s.timeAt(1300)).toBe(0);
    s.receive(seg(0, 0), 1310);
    expect(s.timeAt(1300)).toBe(150 + RISE);
  });

  it('counts an onset heard just before the start message (audio beat the data)', () => {
    const s = new UtteranceSchedule();
    s.onset(900);
    s.receive(start, 1000);
    s.receive(seg(0, 0), 1001);
    expect(s.anchorSource).toBe('onset');
    expect(s.timeAt(900)).toBe(150 + RISE);
  });

  it('falls back to the arrival time when no onset is heard, and snaps to a later onset', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 1000);
    s.receive(seg(0, 0), 1000);
    s.receive(seg(1, 800), 1000);
    expect(Number.isNaN(s.timeAt(1000 + DEFAULT_SCHEDULE.onsetWaitMs - 1))).toBe(true);
    const t = s.timeAt(1000 + DEFAULT_SCHEDULE.onsetWaitMs);
    expect(s.anchorSource).toBe('arrival');
    expect(t).toBe(DEFAULT_SCHEDULE.onsetWaitMs - DEFAULT_SCHEDULE.arrivalDelayMs);
    // Sentence 1's voice (audible at utterance time 950 + RISE) is heard at 2100: the schedule follows.
    s.onset(2100);
    expect(s.anchorSource).toBe('onset');
    expect(s.timeAt(2100)).toBe(950 + RISE);
  });

  it('re-anchors at later phrase starts but ignores onsets far from any', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 0);
    s.receive(seg(0, 0), 0);
    s.receive(seg(1, 800), 0);
    s.onset(1150 + RISE); // anchor = 1000
    expect(s.anchorMs).toBe(1000);
    s.onset(1400); // mid-word: no phrase start near utterance time 400
    expect(s.anchorMs).toBe(1000);
    s.onset(1990 + RISE); // sentence 1 is audible at 950 + RISE; heard 40 ms later than planned
    expect(s.anchorMs).toBe(1040);
  });

  it('stops at the interrupt point and at the end', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 0);
    s.receive(seg(0, 0), 0);
    s.onset(150 + RISE); // anchor = 0
    expect(s.limitMs()).toBe(800);
    expect(s.finishedAt(500)).toBe(false);
    s.receive({ v: 1, type: 'interrupt', utteranceId: 'u1', heardUntilMs: 420 }, 450);
    expect(s.heardUntilMs).toBe(420);
    expect(s.limitMs()).toBe(420);
    expect(s.finishedAt(410)).toBe(false);
    expect(s.finishedAt(420)).toBe(true);
    // Messages for another utterance do not touch this one.
    s.receive({ v: 1, type: 'end', utteranceId: 'other', durationMs: 5 }, 460);
    expect(s.limitMs()).toBe(420);
  });

  it('does not let the previous utterance’s audio anchor the next one', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 0);
    s.receive(seg(0, 0), 0);
    s.onset(150);
    s.receive({ v: 1, type: 'end', utteranceId: 'u1', durationMs: 800 }, 500);
    s.onset(700); // a late word of u1
    s.receive({ ...start, utteranceId: 'u2' }, 900);
    expect(s.anchorSource).toBeNull();
  });
});

describe('UtteranceSchedule.visemesAt', () => {
  it('holds the lips at rest until a phrase is about to be heard, then follows the timeline', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 0);
    s.receive(seg(0, 0), 0);
    s.onset(150 + RISE); // anchor = 0: the "s" starts at 150 and is heard at 170
    const w = new Float32Array(VISEME_COUNT);
    const ss = visemeIndex('SS');
    // The timeline's blend would already show the "s" 40 ms before it starts; the face does not.
    expect(s.visemesAt(130, w)[ss]).toBe(0);
    expect(s.visemesAt(150, w)[ss]).toBe(0);
    const rising = s.visemesAt(170, w)[ss]!;
    expect(rising).toBeGreaterThan(0);
    const settled = s.visemesAt(200, w)[ss]!;
    expect(settled).toBeGreaterThan(rising);
    expect(settled).toBeCloseTo(0.6, 2);
    // Outside what is heard: nothing.
    expect([...s.visemesAt(900, w)].every((x) => x === 0)).toBe(true);
    expect([...s.visemesAt(NaN, w)].every((x) => x === 0)).toBe(true);
  });

  it('anchors and re-anchors on the onsets the segments carry, when they do', () => {
    const s = new UtteranceSchedule();
    s.receive(start, 1000);
    // The voice really starts 163 ms in and again 1400 ms in (the phone rules would say 150 + RISE).
    s.receive({ ...seg(0, 0, 500, 2000), onsets: [163, 1400], soundEndMs: 1900 }, 1001);
    s.onset(1200);
    expect(s.anchorMs).toBe(1200 - 163);
    // The second phrase is heard 30 ms later than the anchor says: snap to it.
    s.onset(1200 - 163 + 1400 + 30);
    expect(s.anchorMs).toBe(1200 - 163 + 30);
    // The mouth is held shut until just before the measured onset, not the predicted one.
    const out = new Float32Array(VISEME_COUNT);
    s.visemesAt(163 - 25, out);
    expect(out[visemeIndex('SS')]).toBe(0);
  });
});
