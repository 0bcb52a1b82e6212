import { describe, expect, it } from 'vitest';
import {
  OCULUS_VISEMES,
  parseTimelineMessage,
  sampleViseme,
  VISEME_COUNT,
  visemeIndex,
} from '../../../common/timeline.ts';
import type { SpeechSegment, SpokenPhone } from '../tts/types.ts';
import { buildTimelineSegment } from './build-timeline.ts';
import { planGestures } from './gestures.ts';
import { FESTIVAL_US_PHONES, PHONE_VISEMES, visemesForPhone } from './phone-table.ts';
import { planVisemes } from './plan.ts';

const phones = (spec: string): SpokenPhone[] => {
  let t = 0;
  return spec.split(' ').map((tok) => {
    const [phone, ms] = tok.split(':') as [string, string];
    const p = { phone, startMs: t, endMs: t + Number(ms) };
    t += Number(ms);
    return p;
  });
};

describe('phone -> viseme table', () => {
  it('covers every phone of the radio phone set Festival US voices emit', () => {
    for (const p of FESTIVAL_US_PHONES) {
      const vs = PHONE_VISEMES[p];
      expect(vs, p).toBeDefined();
      for (const v of vs ?? []) expect(OCULUS_VISEMES).toContain(v);
    }
    expect(Object.keys(PHONE_VISEMES).sort()).toEqual([...FESTIVAL_US_PHONES].sort());
  });

  it('uses every non-silent viseme at least once', () => {
    const used = new Set(Object.values(PHONE_VISEMES).flat());
    for (const v of OCULUS_VISEMES) expect(used, v).toContain(v);
  });

  it('maps the shapes a viewer checks first', () => {
    expect(visemesForPhone('p')).toEqual(['PP']);
    expect(visemesForPhone('m')).toEqual(['PP']);
    expect(visemesForPhone('f')).toEqual(['FF']);
    expect(visemesForPhone('uw')).toEqual(['ou']);
    expect(visemesForPhone('ay')).toEqual(['aa', 'ih']);
    expect(visemesForPhone('pau')).toEqual(['sil']);
    // CMU dictionary spellings and unknown symbols
    expect(visemesForPhone('AH0')).toEqual(['aa']);
    expect(visemesForPhone('HH')).toEqual(['kk']);
    expect(visemesForPhone('??')).toEqual(['sil']);
  });
});

describe('planVisemes', () => {
  it('merges repeats, splits diphthongs, and gives closures the higher peak', () => {
    // "number": n ah m b er  (m and b are both PP)
    const v = planVisemes(phones('pau:100 n:50 ah:70 m:70 b:70 er:190 ay:100 pau:100'));
    expect(v.map((x) => x.v)).toEqual(['sil', 'nn', 'aa', 'PP', 'RR', 'aa', 'ih', 'sil']);
    const pp = v[3];
    expect(pp).toMatchObject({ s: 220, e: 360, peak: 0.9 });
    expect(v[2]?.peak).toBe(0.6);
    expect(v[0]?.peak).toBe(1);
    // diphthong split 55/45
    expect(v[5]).toMatchObject({ s: 550, e: 605 });
    expect(v[6]).toMatchObject({ s: 605, e: 650 });
  });

  it('caps long visemes and keeps events ordered, non-overlapping, in whole ms', () => {
    const v = planVisemes(phones('pau:900 aa:450 s:33.3 s:33.3 iy:12.5 pau:10'));
    expect(v[0]).toMatchObject({ v: 'sil', s: 0, e: 200 });
    expect(v[1]).toMatchObject({ v: 'aa', s: 900, e: 1100 });
    expect(v[2]).toMatchObject({ v: 'SS', s: 1350, e: 1417 });
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      expect(Number.isInteger(x.s) && Number.isInteger(x.e)).toBe(true);
      expect(x.e - x.s).toBeLessThanOrEqual(200);
      expect(x.e).toBeGreaterThan(x.s);
      if (i > 0) expect(x.s).toBeGreaterThanOrEqual(v[i - 1]!.e);
    }
  });

  it('ignores zero-length and backwards phones', () => {
    expect(
      planVisemes([
        { phone: 'aa', startMs: 10, endMs: 10 },
        { phone: 'p', startMs: 20, endMs: 5 },
      ]),
    ).toEqual([]);
  });
});

function seg(
  text: string,
  words: [string, number, number, number, number][],
  durationMs: number,
): SpeechSegment {
  return {
    text,
    pcm: new Int16Array(Math.round(durationMs * 48)),
    sampleRateHz: 48_000,
    durationMs,
    words: words.map(([word, startMs, endMs, charStart, charEnd]) => ({
      word,
      startMs,
      endMs,
      charStart,
      charEnd,
    })),
    phones: phones('pau:150 m:60 ow:140 r:80 pau:100'),
    providerId: 'test',
    timings: 'exact',
  };
}

describe('planGestures', () => {
  it('thinks before the first word, nods at the end of a statement, idles after the last segment', () => {
    const s = seg(
      'Revenue grew.',
      [
        ['Revenue', 150, 600, 0, 7],
        ['grew', 600, 900, 8, 12],
      ],
      1200,
    );
    const g = planGestures({
      text: s.text,
      words: s.words,
      durationMs: s.durationMs,
      isFirst: true,
      isLast: true,
    });
    expect(g).toContainEqual({ g: 'thinking', s: 0, e: 150 });
    expect(g).toContainEqual({ g: 'nod', s: 750, e: 1200 });
    expect(g).toContainEqual({ g: 'idle', s: 900, e: 1200 });
    for (let i = 1; i < g.length; i++) expect(g[i]!.s).toBeGreaterThanOrEqual(g[i - 1]!.s);
  });

  it('does not nod at a question and does not think in later segments', () => {
    const s = seg(
      'Did it grow?',
      [
        ['Did', 100, 300, 0, 3],
        ['it', 300, 400, 4, 6],
        ['grow', 400, 800, 7, 11],
      ],
      1000,
    );
    const g = planGestures({ text: s.text, words: s.words, durationMs: 1000, isFirst: false, isLast: false });
    expect(g.filter((x) => x.g === 'nod' || x.g === 'thinking' || x.g === 'idle')).toEqual([]);
  });

  it('nods on an affirmation and emphasises numbers and intensified words, spaced out', () => {
    const text = 'Yes, sales rose 42 percent and costs fell very sharply overall.';
    const words: [string, number, number, number, number][] = [
      ['Yes', 100, 400, 0, 3],
      ['sales', 400, 700, 5, 10],
      ['rose', 700, 900, 11, 15],
      ['forty', 900, 1200, 16, 18],
      ['two', 1200, 1500, 16, 18],
      ['percent', 1500, 1900, 19, 26],
      ['and', 1900, 2000, 27, 30],
      ['costs', 2000, 2300, 31, 36],
      ['fell', 2300, 2500, 37, 41],
      ['very', 2500, 2700, 42, 46],
      ['sharply', 2700, 3100, 47, 54],
      ['overall', 3100, 3500, 55, 62],
    ];
    const g = planGestures({
      text,
      words: seg(text, words, 3800).words,
      durationMs: 3800,
      isFirst: false,
      isLast: false,
    });
    expect(g[0]).toEqual({ g: 'nod', s: 100, e: 575 });
    const emphasis = g.filter((x) => x.g === 'emphasis');
    expect(emphasis).toContainEqual({ g: 'emphasis', s: 900, e: 1500 }); // "42" = "forty two"
    expect(emphasis).toContainEqual({ g: 'emphasis', s: 2700, e: 3100 }); // "very sharply"
    for (let i = 1; i < emphasis.length; i++)
      expect(emphasis[i]!.s - emphasis[i - 1]!.s).toBeGreaterThanOrEqual(1200);
  });
  it('keeps an emphasis on a word split in two whole, even when its second part has no time', () => {
    // Festival: "Marisol's" -> "Marisol" (with the /z/) and "'s" (no sounds, no time of its own).
    const s = seg(
      "I've passed it to Marisol's team.",
      [
        ['passed', 330, 730, 5, 11],
        ['Marisol', 990, 1580, 18, 27],
        ["'s", 0, 0, 18, 27],
        ['team', 1580, 1980, 28, 32],
      ],
      2100,
    );
    const g = planGestures({
      text: s.text,
      words: s.words,
      durationMs: s.durationMs,
      isFirst: false,
      isLast: false,
    });
    expect(g).toContainEqual({ g: 'emphasis', s: 990, e: 1580 });
    for (const x of g) expect(x.e).toBeGreaterThanOrEqual(x.s);
    expect(
      parseTimelineMessage(buildTimelineSegment(s, { utteranceId: 'u1', seq: 1, audioStartOffsetMs: 0 })),
    ).not.toBeNull();
  });
});

describe('buildTimelineSegment', () => {
  it('builds a message receivers accept, with written words for captions', () => {
    const s = seg(
      'Up 42%.',
      [
        ['up', 150, 300, 0, 2],
        ['forty', 300, 500, 3, 6],
        ['two', 500, 700, 3, 6],
        ['percent', 700, 1000, 3, 6],
      ],
      1200,
    );
    const msg = buildTimelineSegment(s, { utteranceId: 'u-1', seq: 0, audioStartOffsetMs: 0 });
    expect(parseTimelineMessage(JSON.parse(JSON.stringify(msg)))).toEqual(msg);
    expect(msg.words).toEqual([
      { w: 'Up', s: 150, e: 300 },
      { w: '42%', s: 300, e: 1000 },
    ]);
    expect(msg.gestures[0]?.g).toBe('thinking');
    const out = new Float32Array(VISEME_COUNT);
    sampleViseme(msg, 180, out); // inside "m" (150..210)
    expect(out[visemeIndex('PP')]).toBeGreaterThan(0.5);
  });

  it('places later segments within the utterance', () => {
    const s = seg('More.', [['More', 150, 430, 0, 4]], 530);
    const msg = buildTimelineSegment(s, {
      utteranceId: 'u-1',
      seq: 3,
      audioStartOffsetMs: 4321.6,
      isLast: true,
    });
    expect(msg).toMatchObject({ seq: 3, audioStartOffsetMs: 4322, durationMs: 530 });
    expect(msg.gestures.some((g) => g.g === 'thinking')).toBe(false);
    expect(msg.gestures.some((g) => g.g === 'idle')).toBe(true);
  });

  it("carries the onsets a listener will hear, found in the segment's own audio", () => {
    const s = seg('More.', [['More', 150, 430, 0, 4]], 900);
    // Sound from 163 to 430 ms, a 200 ms pause, sound again from 630 to 800 ms.
    for (const [a, b] of [
      [163, 430],
      [630, 800],
    ] as const)
      for (let i = a * 48; i < b * 48; i++)
        s.pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 180 * i) / 48_000));
    const msg = buildTimelineSegment(s, { utteranceId: 'u-1', seq: 0, audioStartOffsetMs: 0 });
    expect(msg.onsets).toHaveLength(2);
    expect(msg.onsets![0]).toBeCloseTo(163, 0);
    expect(msg.onsets![1]).toBeCloseTo(630, 0);
    expect(msg.soundEndMs).toBeGreaterThanOrEqual(800);
    expect(msg.soundEndMs).toBeLessThan(804);
    expect(parseTimelineMessage(JSON.parse(JSON.stringify(msg)))).toEqual(msg);
    // A silent segment has none (and still validates).
    const quiet = buildTimelineSegment(seg('More.', [['More', 150, 430, 0, 4]], 900), {
      utteranceId: 'u-1',
      seq: 1,
      audioStartOffsetMs: 900,
    });
    expect(quiet).toMatchObject({ onsets: [], soundEndMs: 0 });
    expect(parseTimelineMessage(quiet)).toEqual(quiet);
  });
});
