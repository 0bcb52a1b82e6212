import { randomInt } from 'node:crypto';
import { RtpHeader, type RtpPacket, type RTCRtpTransceiver } from 'werift';
import { headerTemplate, writeRtpHeader, type HeaderExtension } from './rtp-header.ts';
import { RolloverCounter, SrtpOutbound } from './srtp/index.ts';

const SDES_MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
/** RTP clock ticks of one 20 ms Opus frame at 48 kHz: the gap left when a new source starts. */
const OPUS_FRAME_TICKS = 960;

/**
 * Writes forwarded RTP onto one subscriber m-section: rewrites SSRC, payload type, sequence
 * number and timestamp (continuous across source changes), seals it with the peer's SRTP keys and
 * sends it. This is the SFU's per-packet, per-subscriber hot path, so it builds the packet in one
 * buffer and goes below werift's RTCRtpSender.sendRtp (cloning, bandwidth estimation, NTP time,
 * extension rewriting) and RTCDtlsTransport.sendRtp (a native cipher object and four promises
 * per packet) — see ./srtp/. Where werift's internals are not as expected it uses
 * `dtlsTransport.sendRtp`.
 */
export class RtpSink {
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq: number | undefined;
  private lastTs: number | undefined;
  private resyncPending = true;
  private readonly extensions: HeaderExtension[];
  private readonly rollover = new RolloverCounter();
  private outbound: SrtpOutbound | undefined;
  private template: Buffer | undefined;
  private templateSsrc = -1;

  constructor(private readonly transceiver: RTCRtpTransceiver) {
    const midExt = transceiver.headerExtensions.find((e) => e.uri === SDES_MID_URI);
    const mid = transceiver.mid ? Buffer.from(transceiver.mid) : undefined;
    // The one-byte form carries ids 1-14 and 1-16 bytes; MIDs are short, but never write a bad header.
    const fits = midExt && mid && midExt.id >= 1 && midExt.id <= 14 && mid.length >= 1 && mid.length <= 16;
    this.extensions = fits ? [{ id: midExt.id, payload: mid }] : [];
  }

  /** The next packet starts a new source; continue this sink's sequence and timeline. */
  resync(): void {
    this.resyncPending = true;
  }

  write(packet: RtpPacket): void {
    const sender = this.transceiver.sender;
    const codec = sender.codec;
    const dtls = sender.dtlsTransport;
    if (!codec || sender.stopped || dtls.state !== 'connected') return;
    const src = packet.header;
    if (this.resyncPending) {
      this.resyncPending = false;
      const nextSeq = this.lastSeq === undefined ? randomInt(0, 0x10000) : (this.lastSeq + 1) & 0xffff;
      const nextTs =
        this.lastTs === undefined ? randomInt(0, 0xffffffff) : (this.lastTs + OPUS_FRAME_TICKS) >>> 0;
      this.seqOffset = (nextSeq - src.sequenceNumber) & 0xffff;
      this.tsOffset = (nextTs - src.timestamp) >>> 0;
    }
    const seq = (src.sequenceNumber + this.seqOffset) & 0xffff;
    const ts = (src.timestamp + this.tsOffset) >>> 0;
    this.lastSeq = seq;
    this.lastTs = ts;

    if (this.outbound?.dtls !== dtls) this.outbound = new SrtpOutbound(dtls);
    const sealer = this.outbound.sealer();
    if (!sealer) {
      this.writeViaWerift(packet, seq, ts);
      return;
    }
    const ssrc = sender.ssrc;
    if (ssrc !== this.templateSsrc || !this.template) {
      this.template = headerTemplate(ssrc, this.extensions);
      this.templateSsrc = ssrc;
    }
    const template = this.template;
    const headerBytes = template.length;
    const payload = packet.payload;
    // A fresh buffer per packet: dgram may still hold it when the socket queue is full.
    const out = Buffer.allocUnsafe(headerBytes + payload.length + sealer.tagBytes);
    writeRtpHeader(out, template, src.marker, codec.payloadType, seq, ts);
    sealer.seal(out, headerBytes, payload, ssrc, this.rollover.next(seq), seq);
    this.outbound.send(out);
  }

  /** werift's own SRTP path, for a profile or werift build the fast path does not know. */
  private writeViaWerift(packet: RtpPacket, seq: number, ts: number): void {
    const sender = this.transceiver.sender;
    const header = new RtpHeader({
      payloadType: sender.codec?.payloadType ?? 0,
      sequenceNumber: seq,
      timestamp: ts,
      ssrc: sender.ssrc,
      marker: packet.header.marker,
      extensions: this.extensions,
    });
    // dtlsTransport.sendRtp catches its own errors and resolves with the bytes sent.
    void sender.dtlsTransport.sendRtp(packet.payload, header);
  }
}
