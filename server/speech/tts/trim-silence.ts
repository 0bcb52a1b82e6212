import { SPEECH_SAMPLE_RATE_HZ, type SpeechSegment } from './types.ts';

/** Below this absolute sample value the start of a segment counts as silence (about −50 dBFS). */
const SILENCE_LEVEL = 100;

/**
 * Drops the silence a synthesizer puts before the first word (Festival's leading `pau`, ~170 ms),
 * keeping `keepMs` of it so the onset is not clipped. Used on the first segment of an answer: those
 * milliseconds are otherwise pure latency before the listener hears anything. Word and phone times
 * move with the audio, so the timeline stays exact.
 */
export function trimLeadingSilence(seg: SpeechSegment, keepMs = 30): SpeechSegment {
  const perMs = SPEECH_SAMPLE_RATE_HZ / 1000;
  let firstLoud = 0;
  while (firstLoud < seg.pcm.length && Math.abs(seg.pcm[firstLoud] ?? 0) < SILENCE_LEVEL) firstLoud++;
  if (firstLoud >= seg.pcm.length) return seg;
  // Never cut into the first word, whatever the energy says.
  const firstWordMs = seg.words[0]?.startMs ?? seg.durationMs;
  const cutMs = Math.max(0, Math.min(firstLoud / perMs, firstWordMs) - keepMs);
  const cutSamples = Math.floor(cutMs * perMs);
  if (cutSamples <= 0 || cutSamples >= seg.pcm.length) return seg;
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
