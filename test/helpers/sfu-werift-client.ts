/**
 * A minimal LiveKit signal client on werift, speaking the same v1 protocol as the SDKs. Tests use
 * it to send exactly the bytes they want (garbage, floods, refused requests); the SFU benchmark
 * uses it for lightweight publishers and subscribers.
 */
import {
  AddTrackRequest,
  ClientInfo,
  ClientInfo_SDK,
  ConnectionSettings,
  JoinRequest,
  Ping,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  TrackSource,
  TrackType,
  TrickleRequest,
  WrappedJoinRequest,
  type JoinResponse,
} from '@livekit/protocol';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RTCDataChannel,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import { WebSocket } from 'ws';

type ResponseCase = NonNullable<SignalResponse['message']['case']>;
type RequestMessage = SignalRequest['message'];
type ResponseValue<C extends ResponseCase> = Extract<SignalResponse['message'], { case: C }>['value'];

export interface RawSignalOptions {
  /** Send a WrappedJoinRequest (default true). */
  joinRequest?: JoinRequest;
  /** Put the token in the Authorization header instead of the query. */
  bearer?: boolean;
  path?: string;
}

/** A raw signal WebSocket: sends SignalRequests (or any bytes) and records SignalResponses. */
export class RawSignalClient {
  readonly messages: SignalResponse[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private listeners = new Set<(m: SignalResponse) => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = SignalResponse.fromBinary(new Uint8Array(data as Buffer));
      this.messages.push(msg);
      for (const l of this.listeners) l(msg);
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    ws.on('error', () => undefined);
  }

  static async connect(wsUrl: string, token: string, opts: RawSignalOptions = {}): Promise<RawSignalClient> {
    const url = new URL(`${wsUrl}${opts.path ?? '/rtc/v1'}`);
    if (!opts.bearer) url.searchParams.set('access_token', token);
    const join =
      opts.joinRequest ??
      new JoinRequest({
        clientInfo: new ClientInfo({ sdk: ClientInfo_SDK.JS, protocol: 17, clientProtocol: 2 }),
        connectionSettings: new ConnectionSettings({ autoSubscribe: true }),
      });
    const wrapped = new WrappedJoinRequest({ joinRequest: join.toBinary() });
    url.searchParams.set('join_request', Buffer.from(wrapped.toBinary()).toString('base64url'));
    const ws = new WebSocket(url, opts.bearer ? { headers: { Authorization: `Bearer ${token}` } } : {});
    const client = new RawSignalClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(Object.assign(new Error(body), { status: res.statusCode })));
      });
      ws.once('error', reject);
    });
    return client;
  }

  send(message: RequestMessage): void {
    this.ws.send(new SignalRequest({ message }).toBinary());
  }

  sendBytes(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  /** The first message of `kind` (already received or arriving within `timeoutMs`). */
  next<C extends ResponseCase>(
    kind: C,
    timeoutMs = 15_000,
    match: (v: ResponseValue<C>) => boolean = () => true,
  ): Promise<ResponseValue<C>> {
    // The oneof narrowing does not survive the generic; checking `case` keeps the cast sound.
    const accept = (value: unknown): boolean => match(value as ResponseValue<C>);
    return this.waitFor(kind, accept, timeoutMs) as Promise<ResponseValue<C>>;
  }

  private waitFor(
    kind: ResponseCase,
    accept: (value: unknown) => boolean,
    timeoutMs: number,
  ): Promise<unknown> {
    for (const m of this.messages) {
      if (m.message.case === kind && accept(m.message.value)) return Promise.resolve(m.message.value);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (m: SignalResponse): void => {
        if (m.message.case !== kind || !accept(m.message.value)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m.message.value);
      };
      this.listeners.add(listener);
    });
  }

  join(): Promise<JoinResponse> {
    return this.next('join');
  }

  /** Resolves once the socket is closed (by either side). */
  closed(timeoutMs = 15_000): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 0);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket still open')), timeoutMs);
      this.ws.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

const OPUS = new RTCRtpCodecParameters({
  mimeType: 'audio/opus',
  clockRate: 48000,
  channels: 2,
  payloadType: 111,
  parameters: 'minptime=10;useinbandfec=1',
});

/**
 * A werift participant: one peer connection with LiveKit's data channels and receive-only audio
 * sections, answering `mediaSectionsRequirement` like the SDKs do.
 */
export class WeriftParticipant {
  readonly pc = new RTCPeerConnection({
    codecs: { audio: [OPUS], video: [] },
    iceUseIpv6: false,
  });
  readonly signal: RawSignalClient;
  reliable!: RTCDataChannel;
  lossy!: RTCDataChannel;
  joinResponse!: JoinResponse;
  private offerId = 0;
  private negotiation: Promise<void> = Promise.resolve();
  /** RTP received per remote track sid. */
  onRtp: ((trackSid: string, packet: RtpPacket) => void) | undefined;
  private midToTrackId: Record<string, string> = {};
  private pingTimer: NodeJS.Timeout | undefined;

  private constructor(signal: RawSignalClient) {
    this.signal = signal;
  }

  static async join(wsUrl: string, token: string, recvSlots = 3): Promise<WeriftParticipant> {
    const signal = await RawSignalClient.connect(wsUrl, token);
    const p = new WeriftParticipant(signal);
    p.joinResponse = await signal.join();
    p.reliable = p.pc.createDataChannel('_reliable', { ordered: true });
    p.lossy = p.pc.createDataChannel('_lossy', { ordered: false, maxRetransmits: 0 });
    for (let i = 0; i < recvSlots; i++) p.pc.addTransceiver('audio', { direction: 'recvonly' });
    p.pc.onIceCandidate.subscribe((c) => {
      if (!c?.candidate) return;
      signal.send({
        case: 'trickle',
        value: new TrickleRequest({ candidateInit: JSON.stringify(c.toJSON()) }),
      });
    });
    p.pc.onTransceiverAdded.subscribe((t) => p.watch(t));
    for (const t of p.pc.getTransceivers()) p.watch(t);
    signal.ws.on('message', () => {
      const last = signal.messages[signal.messages.length - 1];
      const m = last?.message;
      if (!m) return;
      if (m.case === 'answer') {
        p.applyAnswer(m.value);
      } else if (m.case === 'trickle') {
        void p.pc.addIceCandidate(JSON.parse(m.value.candidateInit)).catch(() => undefined);
      } else if (m.case === 'mediaSectionsRequirement') {
        for (let i = 0; i < m.value.numAudios; i++) p.pc.addTransceiver('audio', { direction: 'recvonly' });
        p.negotiate();
      }
    });
    try {
      await p.connectMedia();
    } catch (err) {
      await p.close();
      throw err;
    }
    return p;
  }

  private async connectMedia(): Promise<void> {
    this.negotiate();
    // Keep the session alive the way the SDKs do (the SFU drops silent participants).
    this.pingTimer = setInterval(() => {
      this.signal.send({ case: 'pingReq', value: new Ping({ timestamp: BigInt(Date.now()) }) });
    }, this.joinResponse.pingInterval * 1000);
    await waitConnected(this.pc);
    await waitOpen(this.reliable);
  }

  private watch(t: RTCRtpTransceiver): void {
    t.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet) => {
        const sid = (t.mid && this.midToTrackId[t.mid]) || '';
        this.onRtp?.(sid, packet);
      });
    });
  }

  private applyAnswer(sd: SessionDescription): void {
    this.midToTrackId = { ...this.midToTrackId, ...sd.midToTrackId };
    this.negotiation = this.negotiation.then(() =>
      this.pc.setRemoteDescription({ type: 'answer', sdp: sd.sdp }).catch(() => undefined),
    );
  }

  /** Sends a fresh offer (queued behind any in-flight one). */
  negotiate(): void {
    this.negotiation = this.negotiation.then(async () => {
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      this.offerId += 1;
      const id = this.offerId;
      this.signal.send({
        case: 'offer',
        value: new SessionDescription({ type: 'offer', sdp: this.pc.localDescription!.sdp, id }),
      });
      await this.signal.next('answer', 20_000, (a) => a.id === id);
      // Let applyAnswer's queued setRemoteDescription run before the next offer.
    });
  }

  /** Publishes an audio track; returns its sid and a function writing RTP on it. */
  async publishAudio(name = 'mic'): Promise<{ sid: string; track: MediaStreamTrack }> {
    const track = new MediaStreamTrack({ kind: 'audio' });
    const t = this.pc.addTransceiver(track, { direction: 'sendonly' });
    const cid = t.sender.trackId;
    this.signal.send({
      case: 'addTrack',
      value: new AddTrackRequest({ cid, name, type: TrackType.AUDIO, source: TrackSource.MICROPHONE }),
    });
    const published = await this.signal.next('trackPublished', 15_000, (r) => r.cid === cid);
    this.negotiate();
    return { sid: published.track!.sid, track };
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    this.signal.close();
    await this.pc.close().catch(() => undefined);
  }
}

function waitConnected(pc: RTCPeerConnection, timeoutMs = 60_000): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer connection ${pc.connectionState}`)), timeoutMs);
    const sub = pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') {
        clearTimeout(timer);
        sub.unSubscribe();
        resolve();
      }
    });
  });
}

function waitOpen(dc: RTCDataChannel, timeoutMs = 60_000): Promise<void> {
  if (dc.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`data channel ${dc.readyState}`)), timeoutMs);
    dc.stateChanged.subscribe((s) => {
      if (s === 'open') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
