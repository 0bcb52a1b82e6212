import { randomInt } from 'node:crypto';
import { RtpHeader, type RtpPacket, type RTCRtpTransceiver } from 'werift';

const SDES_MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
/** RTP clock ticks of one 20 ms Opus frame at 48 kHz: the gap left when a new source starts. */
const OPUS_FRAME_TICKS = 960;

/**
 * Writes forwarded RTP onto one subscriber m-section: rewrites SSRC, payload type, sequence
 * number and timestamp (continuous across source changes) and hands the packet to the peer's
 * SRTP transport. It bypasses werift's RTCRtpSender.sendRtp, whose per-packet bookkeeping
 * (cloning, bandwidth estimation, NTP time, extension rewriting) costs more than the encryption;
 * the SFU needs none of it for audio.
 */
export class RtpSink {
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq: number | undefined;
  private lastTs: number | undefined;
  private resyncPending = true;
  private readonly extensions: Array<{ id: number; payload: Buffer }>;

  constructor(private readonly transceiver: RTCRtpTransceiver) {
    const midExt = transceiver.headerExtensions.find((e) => e.uri === SDES_MID_URI);
    this.extensions =
      midExt && transceiver.mid ? [{ id: midExt.id, payload: Buffer.from(transceiver.mid) }] : [];
  }

  /** The next packet starts a new source; continue this sink's sequence and timeline. */
  resync(): void {
    this.resyncPending = true;
  }

  write(packet: RtpPacket): void {
    const sender = this.transceiver.sender;
    const codec = sender.codec;
    if (!codec || sender.stopped || sender.dtlsTransport.state !== 'connected') return;
    const src = packet.header;
    if (this.resyncPending) {
      this.resyncPending = false;
      const nextSeq = this.lastSeq === undefined ? randomInt(0, 0x10000) : (this.lastSeq + 1) & 0xffff;
      const nextTs =
        this.lastTs === undefined ? randomInt(0, 0xffffffff) : (this.lastTs + OPUS_FRAME_TICKS) >>> 0;
      this.seqOffset = (nextSeq - src.sequenceNumber) & 0xffff;
      this.tsOffset = (nextTs - src.timestamp) >>> 0;
    }
    const header = new RtpHeader({
      payloadType: codec.payloadType,
      sequenceNumber: (src.sequenceNumber + this.seqOffset) & 0xffff,
      timestamp: (src.timestamp + this.tsOffset) >>> 0,
      ssrc: sender.ssrc,
      marker: src.marker,
      extensions: this.extensions,
    });
    this.lastSeq = header.sequenceNumber;
    this.lastTs = header.timestamp;
    // dtlsTransport.sendRtp catches its own errors and resolves with the bytes sent.
    void sender.dtlsTransport.sendRtp(packet.payload, header);
  }
}
