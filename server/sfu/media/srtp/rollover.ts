/**
 * The SRTP rollover counter of one outgoing RTP stream (RFC 3711 §3.3.1): how many times its
 * 16-bit sequence number has wrapped. Receivers estimate it the same way, so a packet that
 * arrives late from before a wrap is sealed with the previous counter.
 */
export class RolloverCounter {
  private highest = -1;
  private roc = 0;

  /** The rollover counter to seal the packet with sequence number `seq` (0..65535). */
  next(seq: number): number {
    if (this.highest < 0) {
      this.highest = seq;
      return this.roc;
    }
    const delta = seq - this.highest;
    if (delta < -0x8000) {
      // Wrapped: 65535 → 0.
      this.roc = (this.roc + 1) >>> 0;
      this.highest = seq;
    } else if (delta > 0x8000) {
      // A late packet from before the last wrap.
      return this.roc === 0 ? 0 : this.roc - 1;
    } else if (delta > 0) {
      this.highest = seq;
    }
    return this.roc;
  }
}
