/** Speech recognisers want 16 kHz mono; recording runs at the AudioContext's rate (44.1/48 kHz). */
export const VOICE_UPLOAD_RATE_HZ = 16_000;

/**
 * Downsamples float PCM to `toHz` with a box filter over each output sample's input span (enough
 * anti-aliasing for speech at 16 kHz) and converts to 16-bit.
 */
export function downsampleToInt16(
  input: Float32Array,
  fromHz: number,
  toHz = VOICE_UPLOAD_RATE_HZ,
): Int16Array {
  if (fromHz < toHz) throw new RangeError(`cannot upsample ${fromHz} Hz to ${toHz} Hz`);
  const ratio = fromHz / toHz;
  const out = new Int16Array(Math.floor(input.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const from = Math.floor(i * ratio);
    const to = Math.min(input.length, Math.max(from + 1, Math.floor((i + 1) * ratio)));
    let sum = 0;
    for (let j = from; j < to; j++) sum += input[j] ?? 0;
    const v = Math.max(-1, Math.min(1, sum / (to - from)));
    out[i] = v < 0 ? Math.round(v * 0x8000) : Math.round(v * 0x7fff);
  }
  return out;
}

/** A canonical 44-byte-header RIFF/WAVE file: 16-bit little-endian mono PCM. */
export function wavBytes(samples: Int16Array, sampleRateHz: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const tag = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  tag(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRateHz, true);
  v.setUint32(28, sampleRateHz * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  tag(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return out;
}
