import { SPEECH_SAMPLE_RATE_HZ, type SpeechSegment } from './types.ts';

/** RMS below which a window of the start of a segment is inaudible: −60 dBFS. */
const INAUDIBLE_RMS = 32768 * 10 ** (-60 / 20);
/** Analysis window: short enough to find the first sound within a few ms. */
const WINDOW_MS = 5;

/**
 * Drops the inaudible start of a segment, keeping `keepMs` of it so the onset is not clipped: the
 * synthesizer's leading pause (Festival's `pau`, ~170 ms) and the silent closure of a first plosive
 * ("Parental" is ~90 ms of near-silence before its burst). Used on the first segment of an answer:
 * those milliseconds are otherwise pure latency before the listener hears anything. Only windows
 * below −60 dBFS are cut, so a quiet first sound (a soft "h" or "f") stays whole. Word and phone
 * times move with the audio (clamped at 0), so the timeline stays exact.
 */
export function trimLeadingSilence(seg: SpeechSegment, keepMs = 10): SpeechSegment {
  const perMs = SPEECH_SAMPLE_RATE_HZ / 1000;
  const win = Math.round(WINDOW_MS * perMs);
  const threshold = INAUDIBLE_RMS * INAUDIBLE_RMS * win;
  let firstSound = -1;
  for (let start = 0; start + win <= seg.pcm.length; start += win) {
    let energy = 0;
    for (let i = start; i < start + win; i++) energy += (seg.pcm[i] as number) ** 2;
    if (energy >= threshold) {
      firstSound = start;
      break;
    }
  }
  if (firstSound < 0) return seg;
  const cutSamples = Math.max(0, firstSound - Math.floor(keepMs * perMs));
  if (cutSamples <= 0) return seg;
  const shiftMs = cutSamples / perMs;
  const shift = (t: number) => Math.max(0, t - shiftMs);
  return {
    ...seg,
    pcm: seg.pcm.subarray(cutSamples),
    durationMs: seg.durationMs - shiftMs,
    words: seg.words.map((w) => ({ ...w, startMs: shift(w.startMs), endMs: shift(w.endMs) })),
    phones: seg.phones
      .map((p) => ({ ...p, startMs: shift(p.startMs), endMs: shift(p.endMs) }))
      .filter((p) => p.endMs > p.startMs),
  };
}
