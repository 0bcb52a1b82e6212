import { describe, expect, it } from 'vitest';
import { parseCtm, parseHypseg, parseNoiseDict, toTranscriptWords } from './parse.ts';

// Real output of pocketsphinx_batch 0.8 (Debian) for Festival saying "Hello world, the quarterly ...".
const HYPSEG =
  'u1 S 0 T -13867788 A -12815360 L -1052428 0 -163840 0 <s> 16 -394240 -409 hello(2) 42 -1936384 -256 world 88 -225280 -524288 <sil> 98 -108544 -208 the 108 -2021376 -772 quarterly 436';
const fillers = parseNoiseDict('<s> SIL\n</s> SIL\n<sil> SIL\n[NOISE] +NSN+\n[SPEECH] +SPN+\n');

describe('pocketsphinx output parsing', () => {
  it('reads words and frames from a hypseg line, marking fillers', () => {
    const words = parseHypseg(HYPSEG, 'u1', fillers);
    expect(words?.map((w) => [w.word, w.startFrame, w.endFrame, w.filler])).toEqual([
      ['<s>', 0, 15, true],
      ['hello(2)', 16, 41, false],
      ['world', 42, 87, false],
      ['<sil>', 88, 97, true],
      ['the', 98, 107, false],
      ['quarterly', 108, 436, false],
    ]);
  });

  it('turns them into transcript words in ms with confidences', () => {
    const words = toTranscriptWords(parseHypseg(HYPSEG, 'u1', fillers) ?? [], [0.69, 0.999, 0.835, 1.2]);
    expect(words[0]).toEqual({ word: 'hello', startMs: 160, endMs: 420, confidence: 0.69 });
    expect(words.map((w) => w.word)).toEqual(['hello', 'world', 'the', 'quarterly']);
    expect(words[3]?.confidence).toBe(1);
  });

  it('handles an utterance with no words and ignores other utterances and junk', () => {
    expect(parseHypseg('short S 0 T 0 A 0 L 0 436', 'short', fillers)).toEqual([]);
    expect(parseHypseg(HYPSEG, 'u2', fillers)).toBeNull();
    expect(parseHypseg('u1 1 0.16 0.25 hello 0.690', 'u1', fillers)).toBeNull();
    expect(parseHypseg('u1 S 0 T 1 A 2 L 3 0 1 2', 'u1', fillers)).toBeNull();
    expect(parseCtm('u1 1 0.16 0.25 hello 0.690', 'u1')).toEqual({ word: 'hello', confidence: 0.69 });
    expect(parseCtm(HYPSEG, 'u1')).toBeNull();
    expect(parseCtm('u1 1 0.16 0.25 hello nan?', 'u1')).toBeNull();
  });

  it('treats bracketed words as fillers even if the noisedict is missing', () => {
    const none = parseNoiseDict('');
    const words = parseHypseg('u3 S 0 T 0 A 0 L 0 0 1 1 [NOISE] 10 1 1 yes 30', 'u3', none);
    expect(words?.map((w) => w.filler)).toEqual([true, false]);
  });
});
