import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { RtpHeader, SrtpSession } from 'werift';
import { describe, expect, it } from 'vitest';
import { Ghash } from './ghash.ts';
import { HmacSha1 } from './hmac-sha1.ts';
import { RolloverCounter } from './rollover.ts';
import { createSrtpSealer, SRTP_AEAD_AES_128_GCM, SRTP_AES128_CM_HMAC_SHA1_80 } from './sealer.ts';

/** A sending and a receiving werift SRTP session sharing fresh master keys. */
function sessionPair(profile: number): { tx: SrtpSession; rx: SrtpSession } {
  const saltBytes = profile === SRTP_AEAD_AES_128_GCM ? 12 : 14;
  const a = { key: randomBytes(16), salt: randomBytes(saltBytes) };
  const b = { key: randomBytes(16), salt: randomBytes(saltBytes) };
  const tx = new SrtpSession({
    keys: {
      localMasterKey: a.key,
      localMasterSalt: a.salt,
      remoteMasterKey: b.key,
      remoteMasterSalt: b.salt,
    },
    profile,
  });
  const rx = new SrtpSession({
    keys: {
      localMasterKey: b.key,
      localMasterSalt: b.salt,
      remoteMasterKey: a.key,
      remoteMasterSalt: a.salt,
    },
    profile,
  });
  return { tx, rx };
}

function sealerOf(tx: SrtpSession) {
  const ctx = tx.localContext;
  const sealer = createSrtpSealer({
    profile: ctx.profile,
    key: ctx.srtpSessionKey,
    salt: ctx.srtpSessionSalt,
    authKey: ctx.srtpSessionAuthTag,
  });
  if (!sealer) throw new Error('no sealer');
  return sealer;
}

function seal(
  sealer: NonNullable<ReturnType<typeof createSrtpSealer>>,
  header: RtpHeader,
  payload: Buffer,
  roc: number,
): Buffer {
  const head = header.serialize(header.serializeSize);
  const out = Buffer.alloc(head.length + payload.length + sealer.tagBytes);
  head.copy(out);
  sealer.seal(out, head.length, payload, header.ssrc, roc, header.sequenceNumber);
  return out;
}

const mid = [{ id: 1, payload: Buffer.from('3') }];

describe('SRTP sealer', () => {
  for (const [name, profile] of [
    ['AEAD_AES_128_GCM', SRTP_AEAD_AES_128_GCM],
    ['AES_CM_128_HMAC_SHA1_80', SRTP_AES128_CM_HMAC_SHA1_80],
  ] as const) {
    it(`${name}: werift's receiver decrypts what it seals, across a sequence wrap`, () => {
      const { tx, rx } = sessionPair(profile);
      const sealer = sealerOf(tx);
      const rollover = new RolloverCounter();
      const ssrc = 0xdeadbeef;
      // Sizes from empty to several blocks, sequence numbers across 65535 → 0 (ROC 0 → 1).
      for (let i = 0; i < 40; i++) {
        const seq = (65515 + i) & 0xffff;
        const payload = randomBytes([0, 1, 15, 16, 17, 80, 161, 400][i % 8]!);
        const header = new RtpHeader({
          payloadType: 111,
          sequenceNumber: seq,
          timestamp: i * 960,
          ssrc,
          marker: i === 3,
          extensions: i % 2 ? mid : [],
        });
        const packet = seal(sealer, header, payload, rollover.next(seq));
        expect(packet.length).toBe(header.serializeSize + payload.length + sealer.tagBytes);
        const plain = rx.decrypt(packet);
        expect(plain.subarray(header.serializeSize)).toEqual(payload);
        expect(RtpHeader.deSerialize(plain).sequenceNumber).toBe(seq);
      }
    });

    it(`${name}: batched keystream survives reordering, gaps, SSRC changes and long payloads`, () => {
      const { tx, rx } = sessionPair(profile);
      const sealer = sealerOf(tx);
      const rollover = new RolloverCounter();
      // Late packets, a jump past the batch, back again, a new SSRC (as after a re-negotiation),
      // and payloads above what a batch keeps per packet.
      const steps: Array<[seq: number, ssrc: number, bytes: number]> = [
        [100, 1, 80],
        [101, 1, 80],
        [99, 1, 80],
        [140, 1, 80],
        [102, 1, 80],
        [141, 1, 255],
        [142, 1, 300],
        [143, 1, 80],
        [144, 2, 80],
        [145, 2, 1000],
        [146, 2, 80],
        [145, 2, 80],
        [147, 1, 16],
      ];
      for (const [seq, ssrc, bytes] of steps) {
        const payload = randomBytes(bytes);
        const header = new RtpHeader({
          payloadType: 111,
          sequenceNumber: seq,
          timestamp: seq * 960,
          ssrc,
          extensions: mid,
        });
        const plain = rx.decrypt(seal(sealer, header, payload, rollover.next(seq)));
        expect(plain.subarray(header.serializeSize)).toEqual(payload);
      }
    });

    it(`${name}: a single flipped bit fails authentication`, () => {
      const { tx, rx } = sessionPair(profile);
      const sealer = sealerOf(tx);
      const header = new RtpHeader({
        payloadType: 111,
        sequenceNumber: 7,
        timestamp: 960,
        ssrc: 42,
        extensions: mid,
      });
      const packet = seal(sealer, header, randomBytes(80), 0);
      packet[packet.length - sealer.tagBytes - 5]! ^= 0x01;
      expect(() => rx.decrypt(packet)).toThrow();
    });

    it(`${name}: the wrong rollover counter fails authentication`, () => {
      const { tx, rx } = sessionPair(profile);
      const sealer = sealerOf(tx);
      const header = new RtpHeader({ payloadType: 111, sequenceNumber: 7, timestamp: 960, ssrc: 42 });
      expect(() => rx.decrypt(seal(sealer, header, randomBytes(80), 1))).toThrow();
    });
  }

  it('refuses profiles and keys it does not implement', () => {
    expect(createSrtpSealer({ profile: 2, key: randomBytes(16), salt: randomBytes(14) })).toBeUndefined();
    expect(
      createSrtpSealer({ profile: SRTP_AES128_CM_HMAC_SHA1_80, key: randomBytes(16), salt: randomBytes(14) }),
    ).toBeUndefined();
    expect(() =>
      createSrtpSealer({ profile: SRTP_AEAD_AES_128_GCM, key: randomBytes(8), salt: randomBytes(12) }),
    ).toThrow(RangeError);
  });
});

describe('GHASH', () => {
  it("gives node's AES-GCM tag for any AAD and text length", () => {
    const key = randomBytes(16);
    const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    const ghash = new Ghash(ecb.update(Buffer.alloc(16)));
    for (const [aadLen, n] of [
      [12, 0],
      [12, 1],
      [20, 80],
      [16, 16],
      [13, 17],
      [24, 200],
      [0, 1000],
    ] as const) {
      const iv = randomBytes(12);
      const aad = randomBytes(aadLen);
      const gcm = createCipheriv('aes-128-gcm', key, iv).setAAD(aad);
      const text = gcm.update(randomBytes(n));
      gcm.final();
      ghash.reset();
      ghash.update(aad, 0, aadLen);
      ghash.update(text, 0, n);
      ghash.lengths(aadLen, n);
      const tag = Buffer.alloc(16);
      ghash.finish(tag, 0, ecb.update(Buffer.concat([iv, Buffer.from([0, 0, 0, 1])])), 0);
      expect(tag).toEqual(gcm.getAuthTag());
    }
  });
});

describe('HMAC-SHA1', () => {
  it("matches node's HMAC for messages around the block boundaries", () => {
    const key = randomBytes(20);
    const hmac = new HmacSha1(key);
    for (const len of [0, 1, 51, 52, 55, 56, 59, 60, 63, 64, 65, 119, 120, 200]) {
      const msg = randomBytes(len + 8);
      const roc = 0x01020304;
      const rocBytes = Buffer.alloc(4);
      rocBytes.writeUInt32BE(roc);
      const expected = createHmac('sha1', key)
        .update(msg.subarray(4, 4 + len))
        .update(rocBytes)
        .digest();
      const out = Buffer.alloc(20);
      hmac.mac(msg, 4, len, roc, out, 0, 20);
      expect(out).toEqual(expected);
    }
  });
});

describe('rollover counter', () => {
  it('counts wraps and seals late packets from before a wrap with the previous counter', () => {
    const roc = new RolloverCounter();
    expect(roc.next(65534)).toBe(0);
    expect(roc.next(65535)).toBe(0);
    expect(roc.next(0)).toBe(1);
    expect(roc.next(65533)).toBe(0); // late, from before the wrap
    expect(roc.next(1)).toBe(1);
    expect(roc.next(30000)).toBe(1);
    expect(roc.next(60000)).toBe(1);
    expect(roc.next(10)).toBe(2);
  });
});
