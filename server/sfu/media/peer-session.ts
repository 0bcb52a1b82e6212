import type { Logger } from 'pino';
import {
  MediaStream,
  RTCPeerConnection,
  type MediaStreamTrack,
  type RTCDataChannel,
  type RTCRtpTransceiver,
} from 'werift';
import { SfuError } from '../errors.ts';
import type { DownTrack } from './down-track.ts';
import { buildPeerConfig, type IceOptions } from './peer-config.ts';
import { RtpSink } from './rtp-sink.ts';

/** A client m-section the client sends on: one of its published tracks. */
export interface UpstreamInfo {
  mid: string;
  /** The msid track id, which clients use as the AddTrackRequest `cid`. */
  trackId: string;
  track: MediaStreamTrack;
}

export interface PeerSessionHandlers {
  /** The answer to the client's offer, with LiveKit's `mid → track sid` map for subscriptions. */
  onAnswer(sdp: string, offerId: number, midToTrackId: Record<string, string>): void;
  /** A local ICE candidate as the JSON `RTCIceCandidateInit` LiveKit's TrickleRequest carries. */
  onCandidate(candidateInit: string): void;
  onUpstream(info: UpstreamInfo): void;
  onUpstreamEnded(mid: string): void;
  onData(label: string, data: Buffer): void;
  onConnectionState(state: string): void;
  /** The peer connection is fully closed. */
  onClosed?(): void;
  /** The SFU needs the client to offer again, adding this many receive-only audio sections. */
  requestOffer(numAudios: number): void;
}

/** A receive-only audio section the client offered: the SFU sends one subscription on it. */
interface DownSlot {
  mid: string;
  transceiver: RTCRtpTransceiver;
  /** Created once the section is negotiated; keeps the RTP sequence across reassignments. */
  sink: RtpSink | undefined;
  assigned: DownTrack | undefined;
  /** Just unassigned; must be answered `inactive` once before it can carry another track. */
  draining: boolean;
}

/**
 * The single peer connection of one participant (LiveKit's v1 signal path): the client always
 * offers; its send sections carry its published tracks, and its receive-only sections carry the
 * SFU's subscriptions. New subscriptions wait for the next offer, which the SFU requests with
 * `mediaSectionsRequirement`.
 */
export class PeerSession {
  private readonly pc: RTCPeerConnection;
  private readonly slots = new Map<string, DownSlot>();
  private readonly upstream = new Map<string, string>();
  private readonly pending: DownTrack[] = [];
  private readonly channels = new Map<string, RTCDataChannel>();
  private readonly queued: Array<{ label: string; data: Buffer }> = [];
  private queuedBytes = 0;
  private readonly unsubscribers: Array<() => void> = [];
  private chain: Promise<void> = Promise.resolve();
  private negotiating = false;
  private offerRequested = false;
  private hasRemoteOffer = false;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly handlers: PeerSessionHandlers,
    ice: IceOptions,
  ) {
    this.pc = new RTCPeerConnection(buildPeerConfig(ice));
    this.track(
      this.pc.onIceCandidate.subscribe((candidate) => {
        if (!candidate?.candidate) return;
        this.handlers.onCandidate(JSON.stringify(candidate.toJSON()));
      }),
    );
    this.track(
      this.pc.onDataChannel.subscribe((channel) => {
        this.channels.set(channel.label, channel);
        if (channel.readyState === 'open') this.flushQueued(channel);
        else
          this.track(
            channel.stateChanged.subscribe((state) => state === 'open' && this.flushQueued(channel)),
          );
        this.track(
          channel.onMessage.subscribe((data) => {
            if (typeof data === 'string') data = Buffer.from(data);
            this.handlers.onData(channel.label, data);
          }),
        );
      }),
    );
    this.track(this.pc.connectionStateChange.subscribe((state) => this.handlers.onConnectionState(state)));
  }

  private track(sub: { unSubscribe: () => void }): void {
    this.unsubscribers.push(sub.unSubscribe);
  }

  /** Answers a client offer. Offers are handled one at a time, in arrival order. */
  handleOffer(sdp: string, offerId: number): Promise<void> {
    const run = this.chain.then(() => this.answer(sdp, offerId));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async answer(sdp: string, offerId: number): Promise<void> {
    if (this.closed) return;
    this.negotiating = true;
    this.offerRequested = false;
    try {
      try {
        await this.pc.setRemoteDescription({ type: 'offer', sdp });
      } catch (err) {
        throw new SfuError('invalid_argument', 'offer could not be applied', { cause: err });
      }
      this.hasRemoteOffer = true;
      this.classifySections();
      this.assignPending();
      const midToTrackId: Record<string, string> = {};
      for (const slot of this.slots.values()) {
        slot.draining = false;
        slot.transceiver.setDirection(slot.assigned ? 'sendonly' : 'inactive');
        if (slot.assigned) midToTrackId[slot.mid] = slot.assigned.trackSid;
      }
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      if (this.closed) return;
      const local = this.pc.localDescription;
      if (!local) throw new SfuError('internal', 'no local description after answering');
      this.handlers.onAnswer(local.sdp, offerId, midToTrackId);
      // Only now does the client know where each subscription arrives; start forwarding.
      for (const slot of this.slots.values()) {
        if (!slot.assigned) continue;
        slot.sink ??= new RtpSink(slot.transceiver);
        slot.assigned.attach(slot.sink);
      }
    } finally {
      this.negotiating = false;
    }
    this.maybeRequestOffer();
  }

  /** Sorts the offered audio sections into published tracks and subscription slots. */
  private classifySections(): void {
    const seen = new Set<string>();
    for (const t of this.pc.getTransceivers()) {
      if (t.kind !== 'audio' || !t.mid) continue;
      const mid = t.mid;
      seen.add(mid);
      const clientSends = t.offerDirection === 'recvonly' || t.offerDirection === 'sendrecv';
      const clientReceives = t.offerDirection === 'sendonly';
      if (clientSends) {
        this.dropSlot(mid);
        const trackId = t.receiver.remoteTrackId ?? '';
        if (this.upstream.get(mid) !== trackId) {
          this.upstream.set(mid, trackId);
          this.handlers.onUpstream({ mid, trackId, track: t.receiver.track });
          this.track(
            t.onTrack.subscribe((track) => {
              if (this.upstream.get(mid) === trackId) this.handlers.onUpstream({ mid, trackId, track });
            }),
          );
        }
        continue;
      }
      this.endUpstream(mid);
      if (clientReceives) {
        if (!this.slots.has(mid)) {
          this.slots.set(mid, { mid, transceiver: t, sink: undefined, assigned: undefined, draining: false });
        }
      } else {
        this.dropSlot(mid);
      }
    }
    for (const mid of [...this.upstream.keys()]) if (!seen.has(mid)) this.endUpstream(mid);
    for (const mid of [...this.slots.keys()]) if (!seen.has(mid)) this.dropSlot(mid);
  }

  private endUpstream(mid: string): void {
    if (!this.upstream.delete(mid)) return;
    this.handlers.onUpstreamEnded(mid);
  }

  /** A slot the client no longer receives on: its subscription goes back to waiting. */
  private dropSlot(mid: string): void {
    const slot = this.slots.get(mid);
    if (!slot) return;
    this.slots.delete(mid);
    if (slot.assigned) {
      slot.assigned.detach();
      this.pending.push(slot.assigned);
    }
  }

  private assignPending(): void {
    for (const slot of this.slots.values()) {
      if (this.pending.length === 0) return;
      if (slot.assigned || slot.draining) continue;
      const down = this.pending.shift();
      if (!down) return;
      slot.assigned = down;
      slot.transceiver.sender.setStreams([new MediaStream({ id: down.streamId })]);
    }
  }

  /** Delivers `down` to this participant at the next negotiation. */
  subscribe(down: DownTrack): void {
    if (this.closed) return;
    this.pending.push(down);
    this.maybeRequestOffer();
  }

  /** Stops delivering `trackSid`; its section is answered `inactive` at the next negotiation. */
  unsubscribe(trackSid: string): void {
    const i = this.pending.findIndex((d) => d.trackSid === trackSid);
    if (i >= 0) this.pending.splice(i, 1);
    for (const slot of this.slots.values()) {
      if (slot.assigned?.trackSid !== trackSid) continue;
      slot.assigned.detach();
      slot.assigned = undefined;
      slot.draining = true;
      this.requestOfferSoon();
    }
  }

  private maybeRequestOffer(): void {
    if (this.pending.length === 0 && ![...this.slots.values()].some((s) => s.draining)) return;
    this.requestOfferSoon();
  }

  private requestOfferSoon(): void {
    // Before the first offer, or while answering, the current/next offer will pick the change up.
    if (this.closed || !this.hasRemoteOffer || this.negotiating || this.offerRequested) return;
    this.offerRequested = true;
    const free = [...this.slots.values()].filter((s) => !s.assigned && !s.draining).length;
    this.handlers.requestOffer(Math.max(0, this.pending.length - free));
  }

  /** Applies a trickled client candidate (`RTCIceCandidateInit` JSON). */
  async addCandidate(candidateInit: string): Promise<void> {
    if (this.closed) return;
    let init: unknown;
    try {
      init = JSON.parse(candidateInit);
    } catch (err) {
      throw new SfuError('invalid_argument', 'trickle candidate is not JSON', { cause: err });
    }
    if (
      !init ||
      typeof init !== 'object' ||
      typeof (init as { candidate?: unknown }).candidate !== 'string'
    ) {
      throw new SfuError('invalid_argument', 'trickle candidate has no candidate string');
    }
    const c = init as { candidate: string; sdpMid?: unknown; sdpMLineIndex?: unknown };
    if (c.candidate === '') return; // end-of-candidates marker
    await this.pc.addIceCandidate({
      candidate: c.candidate,
      ...(typeof c.sdpMid === 'string' ? { sdpMid: c.sdpMid } : {}),
      ...(typeof c.sdpMLineIndex === 'number' ? { sdpMLineIndex: c.sdpMLineIndex } : {}),
    });
  }

  /**
   * Sends on the client's data channel with this label. A reliable packet for a channel that is
   * not open yet (the client just joined) waits for it, within `maxBufferedBytes`; anything
   * beyond, and lossy packets, are dropped rather than queued without bound. False if dropped.
   */
  sendData(label: string, data: Uint8Array, maxBufferedBytes: number, reliable: boolean): boolean {
    if (this.closed) return false;
    const channel = this.channels.get(label);
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (!channel || channel.readyState !== 'open') {
      if (!reliable || this.queuedBytes + buf.length > maxBufferedBytes) return false;
      this.queued.push({ label, data: buf });
      this.queuedBytes += buf.length;
      return true;
    }
    if (channel.bufferedAmount > maxBufferedBytes) return false;
    return this.write(channel, buf);
  }

  private write(channel: RTCDataChannel, data: Buffer): boolean {
    try {
      channel.send(data);
      return true;
    } catch (err) {
      this.log.debug({ err, label: channel.label }, 'data channel send failed');
      return false;
    }
  }

  /** Sends what waited for `channel` to open, in order. */
  private flushQueued(channel: RTCDataChannel): void {
    const keep: Array<{ label: string; data: Buffer }> = [];
    for (const item of this.queued) {
      if (item.label === channel.label && channel.readyState === 'open') this.write(channel, item.data);
      else keep.push(item);
    }
    this.queued.length = 0;
    this.queued.push(...keep);
    this.queuedBytes = keep.reduce((n, i) => n + i.data.length, 0);
  }

  /** Closes the peer connection; resolves once werift has released its sockets. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots.values()) slot.assigned?.detach();
    this.slots.clear();
    this.pending.length = 0;
    this.upstream.clear();
    for (const unsub of this.unsubscribers.splice(0)) unsub();
    this.channels.clear();
    this.queued.length = 0;
    this.queuedBytes = 0;
    try {
      await this.pc.close();
    } catch (err) {
      this.log.debug({ err }, 'peer connection close failed');
    }
    this.handlers.onClosed?.();
  }
}
