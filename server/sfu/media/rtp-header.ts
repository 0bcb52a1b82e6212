/** RFC 8285 one-byte header extension profile. */
const ONE_BYTE_PROFILE = 0xbede;

/** One RTP header extension element (one-byte form: id 1-14, 1-16 bytes). */
export interface HeaderExtension {
  id: number;
  payload: Buffer;
}

/**
 * The fixed part of a forwarded stream's RTP header (RFC 3550 §5.1): version 2, the extension
 * block (one-byte profile, padded to 32 bits) and the SSRC. Per packet only marker, payload
 * type, sequence number and timestamp change; see {@link writeRtpHeader}.
 */
export function headerTemplate(ssrc: number, extensions: readonly HeaderExtension[]): Buffer {
  let extBytes = 0;
  for (const e of extensions) extBytes += 1 + e.payload.length;
  const extWords = Math.ceil(extBytes / 4);
  const out = Buffer.alloc(12 + (extensions.length > 0 ? 4 + extWords * 4 : 0));
  out[0] = extensions.length > 0 ? 0x90 : 0x80;
  out.writeUInt32BE(ssrc >>> 0, 8);
  if (extensions.length > 0) {
    out.writeUInt16BE(ONE_BYTE_PROFILE, 12);
    out.writeUInt16BE(extWords, 14);
    let p = 16;
    for (const e of extensions) {
      out[p++] = (e.id << 4) | (e.payload.length - 1);
      e.payload.copy(out, p);
      p += e.payload.length;
    }
  }
  return out;
}

/** Copies `template` to the start of `out` and fills in the per-packet fields. */
export function writeRtpHeader(
  out: Buffer,
  template: Buffer,
  marker: boolean,
  payloadType: number,
  seq: number,
  timestamp: number,
): void {
  template.copy(out, 0);
  out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out[2] = seq >>> 8;
  out[3] = seq & 0xff;
  out[4] = timestamp >>> 24;
  out[5] = (timestamp >>> 16) & 0xff;
  out[6] = (timestamp >>> 8) & 0xff;
  out[7] = timestamp & 0xff;
}
