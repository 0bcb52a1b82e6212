import { RtpHeader } from 'werift';
import { describe, expect, it } from 'vitest';
import { headerTemplate, writeRtpHeader } from './rtp-header.ts';

describe('forwarded RTP header', () => {
  for (const extensions of [
    [],
    [{ id: 1, payload: Buffer.from('0') }],
    [{ id: 14, payload: Buffer.from('abcd') }],
  ]) {
    it(`matches werift's serialisation with ${extensions.length ? `a ${extensions[0]!.payload.length}-byte MID` : 'no extensions'}`, () => {
      const template = headerTemplate(0xfedcba98, extensions);
      for (const [marker, seq, ts] of [
        [false, 0, 0],
        [true, 65535, 0xffffffff],
        [false, 4660, 123456789],
      ] as const) {
        const out = Buffer.alloc(template.length + 3, 0xaa);
        writeRtpHeader(out, template, marker, 111, seq, ts);
        const ref = new RtpHeader({
          payloadType: 111,
          sequenceNumber: seq,
          timestamp: ts,
          ssrc: 0xfedcba98,
          marker,
          extensions,
        });
        expect(out.subarray(0, template.length)).toEqual(ref.serialize(ref.serializeSize));
        expect(out.subarray(template.length)).toEqual(Buffer.alloc(3, 0xaa));
        const parsed = RtpHeader.deSerialize(out);
        expect(parsed.payloadOffset).toBe(template.length);
        expect(parsed.extensions).toEqual(extensions);
      }
    });
  }
});
