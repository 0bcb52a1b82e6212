import { describe, expect, it } from 'vitest';
import { pairOnsets } from '../test/helpers/twin-onsets.ts';

describe('pairOnsets', () => {
  it('gives a mouth onset to the audio onset it is nearest, not to the first one within reach', () => {
    // Audio 1000 has no mouth onset of its own (e.g. a dropout in the received audio); the mouth at 1080
    // belongs to the voice heard at 1100. Pairing in time order would report +80 ms and drop 1100.
    expect(pairOnsets([1080], [1000, 1100], 150)).toEqual([{ audioMs: 1100, mouthMs: 1080, offsetMs: -20 }]);
    // Likewise for an extra mouth onset just before the real one.
    expect(pairOnsets([900, 1010], [1000], 150)).toEqual([{ audioMs: 1000, mouthMs: 1010, offsetMs: 10 }]);
  });

  it('never crosses pairs, leaves onsets with no partner within maxMs unpaired, and accepts any order', () => {
    const pairs = pairOnsets([3000, 1000, 5000], [1020, 4000, 2990], 150);
    expect(pairs).toEqual([
      { audioMs: 1020, mouthMs: 1000, offsetMs: -20 },
      { audioMs: 2990, mouthMs: 3000, offsetMs: 10 },
    ]);
    expect(pairOnsets([], [1, 2], 150)).toEqual([]);
    expect(pairOnsets([100], [400], 150)).toEqual([]);
    // A lone pair within the window is kept, however far off: the window, not the cost, decides.
    expect(pairOnsets([1140], [1000], 150)).toEqual([{ audioMs: 1000, mouthMs: 1140, offsetMs: 140 }]);
  });
});
