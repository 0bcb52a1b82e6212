import { SpeechError } from '../errors.ts';

/** Mono 16-bit PCM with its rate. */
export interface PcmAudio {
  samples: Int16Array;
  sampleRateHz: number;
}

/** Duration in milliseconds of `sampleCount` samples at `sampleRateHz`. */
export function samplesToMs(sampleCount: number, sampleRateHz: number): number {
  return (sampleCount * 1000) / sampleRateHz;
}

/** Copies little-endian s16 bytes into an Int16Array (the copy also fixes odd byte offsets). */
export function int16FromBytes(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0) {
    throw new SpeechError('bad_input', `16-bit PCM needs an even number of bytes, got ${bytes.byteLength}`);
  }
  const out = new Int16Array(bytes.byteLength / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Little-endian s16 bytes of `samples`. */
export function int16ToBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] as number, true);
  return out;
}

/** A canonical 44-byte-header RIFF/WAVE file of mono s16le audio. */
export function encodeWav(samples: Int16Array, sampleRateHz: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const ascii = (o: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRateHz, true);
  v.setUint32(28, sampleRateHz * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  out.set(int16ToBytes(samples), 44);
  return out;
}

/** Reads a mono 16-bit PCM WAV file (any chunk order); anything else is a clear `bad_input` error. */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  const bad = (why: string) => new SpeechError('bad_input', `not a mono 16-bit PCM WAV file: ${why}`);
  if (bytes.byteLength < 12) throw bad('too short');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) =>
    String.fromCharCode(v.getUint8(o), v.getUint8(o + 1), v.getUint8(o + 2), v.getUint8(o + 3));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw bad('no RIFF/WAVE header');
  let sampleRateHz = 0;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = v.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength) throw bad('short fmt chunk');
      const format = v.getUint16(body, true);
      const channels = v.getUint16(body + 2, true);
      const bits = v.getUint16(body + 14, true);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw bad(`format ${format}, ${channels} channel(s), ${bits} bits`);
      }
      sampleRateHz = v.getUint32(body + 4, true);
    } else if (id === 'data') {
      if (sampleRateHz === 0) throw bad('data before fmt');
      // Some writers leave the size at 0 or too large when streaming; take what is there.
      const end = Math.min(bytes.byteLength, body + size);
      const len = (end - body) & ~1;
      return { samples: int16FromBytes(bytes.subarray(body, body + len)), sampleRateHz };
    }
    offset = body + size + (size & 1);
  }
  throw bad('no data chunk');
}

/** Joins chunks into one array. */
export function concatInt16(chunks: readonly Int16Array[]): Int16Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Int16Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Root-mean-square level in [0, 1] of full scale. */
export function rms(samples: Int16Array, start = 0, end = samples.length): number {
  if (end <= start) return 0;
  let acc = 0;
  for (let i = start; i < end; i++) {
    const x = (samples[i] as number) / 32768;
    acc += x * x;
  }
  return Math.sqrt(acc / (end - start));
}
