import type { Cipher } from 'node:crypto';

/** Packets whose keystream is computed in one AES call: 320 ms of 20 ms audio frames. */
const BATCH_PACKETS = 16;

/**
 * Where SRTP puts the per-packet fields in a 16-byte AES counter block. Both profiles build it as
 * salt XOR (SSRC, ROC, SEQ at fixed offsets) with a block counter in the last two bytes.
 */
export interface CounterLayout {
  /** The session salt, left-aligned in the block (12 bytes for GCM, 14 for AES-CM). */
  salt: Uint8Array;
  ssrcOffset: number;
  rocOffset: number;
  seqOffset: number;
  /** Counter of a packet's first block: 1 for GCM (J0, which masks the tag), 0 for AES-CM. */
  firstCounter: number;
  /** Longest keystream, in blocks, kept per packet in a batch; longer packets get their own call. */
  maxBatchedBlocks: number;
}

/**
 * Counter-mode keystream for one outgoing SRTP stream. An SFU's sequence numbers for a stream are
 * consecutive, so the keystream of the next {@link BATCH_PACKETS} packets is computed with one
 * AES-ECB call on a buffer of counter blocks whose fixed parts stay written; per batch only the
 * sequence number bytes change. This replaces a native call, a typed-array view and a
 * native-backed allocation per packet with one per batch.
 */
export class CounterKeystream {
  /** Keystream of the last lookup; its blocks start at the offset `lookup` returned. */
  current: Buffer = Buffer.alloc(0);
  private readonly salt = new Uint8Array(16);
  private counters = Buffer.alloc(0);
  private countersSsrc = -1;
  private countersRoc = -1;
  private slotBlocks = 0;
  private batch: Buffer = Buffer.alloc(0);
  private batchSeq = 0;
  private batchCount = 0;
  private single = Buffer.alloc(0);

  constructor(
    private readonly cipher: Cipher,
    private readonly layout: CounterLayout,
  ) {
    this.salt.set(layout.salt.subarray(0, 16));
  }

  /**
   * Points {@link current} at `blocks` keystream blocks for packet (ssrc, roc, seq) and returns
   * their byte offset in it.
   */
  lookup(ssrc: number, roc: number, seq: number, blocks: number): number {
    if (blocks <= this.slotBlocks && ssrc === this.countersSsrc && roc === this.countersRoc) {
      const slot = (seq - this.batchSeq) & 0xffff;
      if (slot < this.batchCount) {
        this.current = this.batch;
        return slot * this.slotBlocks * 16;
      }
    }
    if (blocks > this.layout.maxBatchedBlocks) {
      this.current = this.computeSingle(ssrc, roc, seq, blocks);
      return 0;
    }
    this.refill(ssrc, roc, seq, blocks);
    this.current = this.batch;
    return 0;
  }

  private refill(ssrc: number, roc: number, seq: number, blocks: number): void {
    const { seqOffset } = this.layout;
    if (blocks > this.slotBlocks || ssrc !== this.countersSsrc || roc !== this.countersRoc) {
      this.slotBlocks = Math.max(this.slotBlocks, blocks);
      this.counters = Buffer.alloc(BATCH_PACKETS * this.slotBlocks * 16);
      this.countersSsrc = ssrc;
      this.countersRoc = roc;
      for (let slot = 0; slot < BATCH_PACKETS; slot++) {
        for (let k = 0; k < this.slotBlocks; k++) {
          this.writeBlock(this.counters, (slot * this.slotBlocks + k) * 16, ssrc, roc, k);
        }
      }
    }
    // A batch never spans a sequence wrap: the rollover counter changes there.
    const count = Math.min(BATCH_PACKETS, 0x10000 - seq);
    const ctr = this.counters;
    const s0 = this.salt[seqOffset]!;
    const s1 = this.salt[seqOffset + 1]!;
    for (let slot = 0; slot < count; slot++) {
      const hi = ((seq + slot) >>> 8) ^ s0;
      const lo = ((seq + slot) & 0xff) ^ s1;
      for (let k = 0, o = slot * this.slotBlocks * 16 + seqOffset; k < this.slotBlocks; k++, o += 16) {
        ctr[o] = hi;
        ctr[o + 1] = lo;
      }
    }
    this.batch = this.cipher.update(
      count === BATCH_PACKETS ? ctr : ctr.subarray(0, count * this.slotBlocks * 16),
    );
    this.batchSeq = seq;
    this.batchCount = count;
  }

  private computeSingle(ssrc: number, roc: number, seq: number, blocks: number): Buffer {
    if (this.single.length < blocks * 16) this.single = Buffer.alloc(blocks * 16);
    const { seqOffset } = this.layout;
    for (let k = 0; k < blocks; k++) {
      const o = k * 16;
      this.writeBlock(this.single, o, ssrc, roc, k);
      this.single[o + seqOffset] = (seq >>> 8) ^ this.salt[seqOffset]!;
      this.single[o + seqOffset + 1] = (seq & 0xff) ^ this.salt[seqOffset + 1]!;
    }
    return this.cipher.update(this.single.subarray(0, blocks * 16));
  }

  /** Writes block `k` of a packet, all but the sequence number (left as salt). */
  private writeBlock(buf: Buffer, o: number, ssrc: number, roc: number, k: number): void {
    const { ssrcOffset, rocOffset, firstCounter } = this.layout;
    buf.set(this.salt, o);
    buf[o + ssrcOffset]! ^= ssrc >>> 24;
    buf[o + ssrcOffset + 1]! ^= (ssrc >>> 16) & 0xff;
    buf[o + ssrcOffset + 2]! ^= (ssrc >>> 8) & 0xff;
    buf[o + ssrcOffset + 3]! ^= ssrc & 0xff;
    buf[o + rocOffset]! ^= roc >>> 24;
    buf[o + rocOffset + 1]! ^= (roc >>> 16) & 0xff;
    buf[o + rocOffset + 2]! ^= (roc >>> 8) & 0xff;
    buf[o + rocOffset + 3]! ^= roc & 0xff;
    const counter = k + firstCounter;
    buf[o + 14] = (counter >>> 8) ^ this.salt[14]!;
    buf[o + 15] = (counter & 0xff) ^ this.salt[15]!;
  }
}
