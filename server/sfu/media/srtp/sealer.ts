import { createCipheriv, type Cipher } from 'node:crypto';
import { Ghash } from './ghash.ts';
import { CounterKeystream } from './keystream.ts';
import { HmacSha1 } from './hmac-sha1.ts';

/** DTLS-SRTP protection profiles (RFC 5764 / RFC 7714 ids, as werift numbers them). */
export const SRTP_AES128_CM_HMAC_SHA1_80 = 1;
export const SRTP_AEAD_AES_128_GCM = 7;

/** SRTP session keys for one direction (RFC 3711 §4.3, already derived from the master key). */
export interface SrtpSessionKeys {
  profile: number;
  /** 16-byte AES key. */
  key: Uint8Array;
  /** 14-byte (CM) or 12-byte (GCM; longer is cut to 12) session salt. */
  salt: Uint8Array;
  /** 20-byte HMAC-SHA1 key; CM profile only. */
  authKey?: Uint8Array;
}

/**
 * Encrypts and authenticates RTP packets in place for one SRTP context and one outgoing stream
 * (it batches keystream by sequence number). The keystream comes from one AES-128-ECB context
 * kept for the session (counter-mode keystream is AES of counter blocks, so the same context
 * serves every packet); authentication is JavaScript (GHASH / HMAC-SHA1).
 */
export interface SrtpSealer {
  /** Bytes the authentication tag adds after the payload. */
  readonly tagBytes: number;
  /**
   * `out` holds the RTP header in `[0, headerBytes)`. Writes the encrypted `payload` after it and
   * the tag after that; `out` must be `headerBytes + payload.length + tagBytes` long.
   */
  seal(
    out: Uint8Array,
    headerBytes: number,
    payload: Uint8Array,
    ssrc: number,
    roc: number,
    seq: number,
  ): void;
}

function ecb(key: Uint8Array): Cipher {
  if (key.length !== 16) throw new RangeError('SRTP session key must be 16 bytes');
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return cipher;
}

/** AEAD_AES_128_GCM (RFC 7714): 16-byte tag, the RTP header as associated data. */
class AesGcmSealer implements SrtpSealer {
  readonly tagBytes = 16;
  private readonly ghash: Ghash;
  private readonly keystream: CounterKeystream;

  constructor(key: Uint8Array, salt: Uint8Array) {
    // werift derives 14 salt bytes for every profile; RFC 7714 uses the first 96 bits.
    if (salt.length < 12) throw new RangeError('AES-GCM SRTP salt must be at least 12 bytes');
    const cipher = ecb(key);
    this.ghash = new Ghash(cipher.update(Buffer.alloc(16)));
    // IV = (0x0000 || SSRC || ROC || SEQ) XOR salt; block k of a packet is IV || uint32be(k + 1).
    this.keystream = new CounterKeystream(cipher, {
      salt: salt.subarray(0, 12),
      ssrcOffset: 2,
      rocOffset: 6,
      seqOffset: 10,
      firstCounter: 1,
      maxBatchedBlocks: 1 + 16,
    });
  }

  seal(
    out: Uint8Array,
    headerBytes: number,
    payload: Uint8Array,
    ssrc: number,
    roc: number,
    seq: number,
  ): void {
    const n = payload.length;
    const at = this.keystream.lookup(ssrc, roc, seq, 1 + ((n + 15) >> 4));
    const ks = this.keystream.current;
    // Block 0 (J0) masks the tag; the payload uses blocks 1...
    for (let i = 0, k = at + 16; i < n; i++, k++) out[headerBytes + i] = payload[i]! ^ ks[k]!;
    const g = this.ghash;
    g.reset();
    g.update(out, 0, headerBytes);
    g.update(out, headerBytes, n);
    g.lengths(headerBytes, n);
    g.finish(out, headerBytes + n, ks, at);
  }
}

/** AES_CM_128_HMAC_SHA1_80 (RFC 3711): counter-mode AES, 80-bit HMAC-SHA1 tag over header, payload, ROC. */
class AesCmHmacSealer implements SrtpSealer {
  readonly tagBytes = 10;
  private readonly hmac: HmacSha1;
  private readonly keystream: CounterKeystream;

  constructor(key: Uint8Array, salt: Uint8Array, authKey: Uint8Array) {
    if (salt.length !== 14) throw new RangeError('AES-CM SRTP salt must be 14 bytes');
    this.hmac = new HmacSha1(authKey);
    // IV = salt·2^16 XOR SSRC·2^64 XOR (ROC·2^16 + SEQ)·2^16; the low 16 bits count blocks.
    this.keystream = new CounterKeystream(ecb(key), {
      salt,
      ssrcOffset: 4,
      rocOffset: 8,
      seqOffset: 12,
      firstCounter: 0,
      maxBatchedBlocks: 16,
    });
  }

  seal(
    out: Uint8Array,
    headerBytes: number,
    payload: Uint8Array,
    ssrc: number,
    roc: number,
    seq: number,
  ): void {
    const n = payload.length;
    if (n > 0) {
      const at = this.keystream.lookup(ssrc, roc, seq, (n + 15) >> 4);
      const ks = this.keystream.current;
      for (let i = 0, k = at; i < n; i++, k++) out[headerBytes + i] = payload[i]! ^ ks[k]!;
    }
    this.hmac.mac(out, 0, headerBytes + n, roc, out, headerBytes + n, this.tagBytes);
  }
}

/** A sealer for `keys`, or undefined for a profile this fast path does not implement. */
export function createSrtpSealer(keys: SrtpSessionKeys): SrtpSealer | undefined {
  if (keys.profile === SRTP_AEAD_AES_128_GCM) return new AesGcmSealer(keys.key, keys.salt);
  if (keys.profile === SRTP_AES128_CM_HMAC_SHA1_80 && keys.authKey)
    return new AesCmHmacSealer(keys.key, keys.salt, keys.authKey);
  return undefined;
}
