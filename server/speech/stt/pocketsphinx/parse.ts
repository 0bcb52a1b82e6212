import type { TranscribedWord } from '../../stt/types.ts';

/** Pocketsphinx's frame rate (-frate default): 100 frames per second. */
const MS_PER_FRAME = 10;

export interface HypsegWord {
  word: string;
  startFrame: number;
  endFrame: number;
  filler: boolean;
}

/**
 * Parses one -hypseg line: `uttid S 0 T total A ac L lm (sf ascr lscr word)* ef`. Returns null when the
 * line is not the hypseg line of `uttId`. Words end where the next begins; the last at `ef`.
 */
export function parseHypseg(line: string, uttId: string, fillers: ReadonlySet<string>): HypsegWord[] | null {
  const t = line.trim().split(/\s+/);
  if (t[0] !== uttId || t[1] !== 'S' || t[3] !== 'T' || t[5] !== 'A' || t[7] !== 'L') return null;
  const rest = t.slice(9);
  if (rest.length % 4 !== 1) return null;
  const ef = Number(rest[rest.length - 1]);
  const words: HypsegWord[] = [];
  for (let i = 0; i < rest.length - 1; i += 4) {
    const startFrame = Number(rest[i]);
    const next = i + 4 < rest.length - 1 ? Number(rest[i + 4]) : ef + 1;
    const raw = rest[i + 3] as string;
    words.push({
      word: raw,
      startFrame,
      endFrame: Math.max(startFrame, next - 1),
      filler: isFiller(raw, fillers),
    });
  }
  return words;
}

/** `<s>`, `</s>`, `<sil>`, `[NOISE]` and whatever the model's noisedict lists. */
export function isFiller(word: string, fillers: ReadonlySet<string>): boolean {
  return fillers.has(word) || /^(<.*>|\[.*\]|\+.*\+)$/.test(word);
}

/** Reads a noisedict file's words (first column). */
export function parseNoiseDict(text: string): Set<string> {
  const out = new Set<string>(['<s>', '</s>', '<sil>']);
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/)[0];
    if (w) out.add(w);
  }
  return out;
}

/** A -ctm line of `uttId`: `uttid 1 start dur word confidence`. */
export function parseCtm(line: string, uttId: string): { word: string; confidence: number } | null {
  const t = line.trim().split(/\s+/);
  if (t.length !== 6 || t[0] !== uttId || t[1] !== '1') return null;
  const confidence = Number(t[5]);
  return Number.isFinite(confidence) ? { word: t[4] as string, confidence } : null;
}

/** Real words with times (alternate-pronunciation marks like `hello(2)` removed) and ctm confidences. */
export function toTranscriptWords(
  hyp: readonly HypsegWord[],
  confidences: readonly number[],
): TranscribedWord[] {
  const real = hyp.filter((w) => !w.filler);
  return real.map((w, i) => {
    const word: TranscribedWord = {
      word: w.word.replace(/\(\d+\)$/, ''),
      startMs: w.startFrame * MS_PER_FRAME,
      endMs: (w.endFrame + 1) * MS_PER_FRAME,
    };
    const c = confidences[i];
    if (c !== undefined) word.confidence = Math.min(1, Math.max(0, c));
    return word;
  });
}
