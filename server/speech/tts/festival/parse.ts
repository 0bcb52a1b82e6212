import type { SpokenPhone, SpokenWord } from '../types.ts';

/** What `podium_synth` printed for one request. */
export interface FestivalOutput {
  ok: boolean;
  phones: SpokenPhone[];
  tokens: { index: number; name: string }[];
  words: { token: number; word: string; startMs: number; endMs: number }[];
}

const seconds = (s: string) => Math.round(Number(s) * 1e6) / 1e3; // to ms, dropping float noise

/** Parses the lines between a request and its end marker; unknown lines (warnings) are ignored. */
export function parseFestivalOutput(lines: readonly string[], id: number): FestivalOutput {
  const out: FestivalOutput = { ok: false, phones: [], tokens: [], words: [] };
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^P (\S+) (\S+) (\S+)$/.exec(line))) {
      out.phones.push({
        phone: m[3] as string,
        startMs: seconds(m[1] as string),
        endMs: seconds(m[2] as string),
      });
    } else if ((m = /^T (\d+) (.*)$/.exec(line))) {
      out.tokens.push({ index: Number(m[1]), name: m[2] as string });
    } else if ((m = /^W (\d+) (\S+) (\S+) (.*)$/.exec(line))) {
      out.words.push({
        token: Number(m[1]),
        startMs: seconds(m[2] as string),
        endMs: seconds(m[3] as string),
        word: m[4] as string,
      });
    } else if (line === `PODIUM-OK ${id}`) {
      out.ok = true;
    }
  }
  return out;
}

/**
 * Words with their written spans: each Festival token is found in `sanitizedText` (same offsets as the
 * original), searching forward from the previous token; every word a token became ("42" -> "forty",
 * "two") gets that token's span.
 */
export function mapWordsToText(output: FestivalOutput, sanitizedText: string): SpokenWord[] {
  const spans = new Map<number, { start: number; end: number }>();
  const lower = sanitizedText.toLowerCase();
  let cursor = 0;
  for (const tok of output.tokens) {
    if (!tok.name) continue;
    let at = sanitizedText.indexOf(tok.name, cursor);
    if (at < 0) at = lower.indexOf(tok.name.toLowerCase(), cursor);
    if (at < 0) continue;
    spans.set(tok.index, { start: at, end: at + tok.name.length });
    cursor = at + tok.name.length;
  }
  let lastEnd = 0;
  let lastEndMs = 0;
  return output.words.map((w) => {
    const span = spans.get(w.token) ?? { start: lastEnd, end: lastEnd };
    lastEnd = span.end;
    // A word without sounds of its own (the "'s" of "Marisol's", whose /z/ Festival gives to
    // "Marisol") comes with times 0..0: it sits, zero-length, where the word before it ends.
    const silent = w.endMs <= w.startMs && w.startMs < lastEndMs;
    const startMs = silent ? lastEndMs : w.startMs;
    const endMs = silent ? lastEndMs : w.endMs;
    lastEndMs = Math.max(lastEndMs, endMs);
    return { word: w.word, startMs, endMs, charStart: span.start, charEnd: span.end };
  });
}
