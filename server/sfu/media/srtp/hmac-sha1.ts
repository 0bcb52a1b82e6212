/**
 * HMAC-SHA1 (RFC 2104) for SRTP's AES_CM_128_HMAC_SHA1_80 profile, in plain JavaScript with the
 * inner and outer key blocks hashed once per key. Node's `createHmac` builds a native object and
 * re-hashes both key blocks for every packet; for RTP-sized messages this is about twice as fast.
 */

const W = new Int32Array(80);

/** One SHA-1 compression of the 64-byte block at `buf[off]` into `state`. */
function compress(state: Int32Array, buf: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const p = off + 4 * i;
    W[i] = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
  }
  for (let i = 16; i < 80; i++) {
    const x = W[i - 3]! ^ W[i - 8]! ^ W[i - 14]! ^ W[i - 16]!;
    W[i] = (x << 1) | (x >>> 31);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + W[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}

const SHA1_IV = Int32Array.from([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);

function keyedState(key: Uint8Array, pad: number): Int32Array {
  if (key.length > 64) throw new RangeError('HMAC-SHA1 keys longer than one block are not supported');
  const block = new Uint8Array(64).fill(pad);
  for (let i = 0; i < key.length; i++) block[i]! ^= key[i]!;
  const state = Int32Array.from(SHA1_IV);
  compress(state, block, 0);
  return state;
}

export class HmacSha1 {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;
  private readonly state = new Int32Array(5);
  /** Final block(s) of the inner message: its tail, the 4-byte trailer and SHA-1 padding. */
  private readonly tail = new Uint8Array(128);
  private readonly outerBlock = new Uint8Array(64);

  constructor(key: Uint8Array) {
    this.inner = keyedState(key, 0x36);
    this.outer = keyedState(key, 0x5c);
  }

  /**
   * Writes the first `tagBytes` bytes of HMAC(key, buf[off..off+len] || uint32be(trailer)) to
   * `out[outOff]`. The trailer is SRTP's rollover counter, appended to the authenticated portion.
   */
  mac(
    buf: Uint8Array,
    off: number,
    len: number,
    trailer: number,
    out: Uint8Array,
    outOff: number,
    tagBytes: number,
  ): void {
    const st = this.state;
    st.set(this.inner);
    let p = off;
    const end = off + len;
    for (; end - p >= 64; p += 64) compress(st, buf, p);
    const tail = this.tail;
    tail.fill(0);
    let n = 0;
    for (; p < end; p++) tail[n++] = buf[p]!;
    tail[n++] = trailer >>> 24;
    tail[n++] = (trailer >>> 16) & 0xff;
    tail[n++] = (trailer >>> 8) & 0xff;
    tail[n++] = trailer & 0xff;
    tail[n] = 0x80;
    const blocks = n + 9 > 64 ? 2 : 1;
    // Message length in bits, including the 64-byte key block already hashed.
    const bits = (64 + len + 4) * 8;
    const last = blocks * 64;
    tail[last - 4] = bits >>> 24;
    tail[last - 3] = (bits >>> 16) & 0xff;
    tail[last - 2] = (bits >>> 8) & 0xff;
    tail[last - 1] = bits & 0xff;
    compress(st, tail, 0);
    if (blocks === 2) compress(st, tail, 64);

    const ob = this.outerBlock;
    ob.fill(0);
    for (let i = 0; i < 5; i++) {
      const w = st[i]!;
      ob[4 * i] = w >>> 24;
      ob[4 * i + 1] = (w >>> 16) & 0xff;
      ob[4 * i + 2] = (w >>> 8) & 0xff;
      ob[4 * i + 3] = w & 0xff;
    }
    ob[20] = 0x80;
    ob[62] = ((64 + 20) * 8) >>> 8;
    ob[63] = ((64 + 20) * 8) & 0xff;
    st.set(this.outer);
    compress(st, ob, 0);
    for (let i = 0; i < tagBytes; i++) out[outOff + i] = (st[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
  }
}
