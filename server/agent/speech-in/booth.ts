import {
  AudioStream,
  Room,
  RoomEvent,
  TrackKind,
  type RemoteParticipant,
  type RemoteTrack,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import { STT_SAMPLE_RATE_HZ } from '../../speech/index.ts';
import { twinIdentity } from '../participant/token.ts';
import { AI_MARKER_ATTRIBUTE, PERSONA_ATTRIBUTE } from '../participant/types.ts';

export interface BoothListenerOptions {
  /** Server-side LiveKit URL and keys (the twin runtime's). */
  livekit: { url: string; apiKey: string; apiSecret: string };
  roomName: string;
  personaId: string;
  /** Display name of the twin, e.g. "Dana's AI twin". */
  name: string;
  /** Only this participant's audio is recorded. */
  askerIdentity: string;
  /** Samples (16 kHz) kept at most; what comes later is dropped. */
  maxSamples: number;
  log: Logger;
}

/**
 * The twin as a listen-only participant in a private booth room: subscribes to the asker's
 * microphone and keeps it as 16 kHz mono PCM (bounded). It never publishes anything.
 */
export class BoothListener {
  readonly #o: BoothListenerOptions;
  readonly #room = new Room();
  readonly #chunks: Int16Array[] = [];
  #samples = 0;
  #reading: Promise<void> | null = null;
  #closed = false;
  /** Resolves when the asker's first audio track is subscribed. */
  readonly #firstTrack: Promise<void>;
  #gotFirstTrack: () => void = () => undefined;

  constructor(o: BoothListenerOptions) {
    this.#o = o;
    this.#firstTrack = new Promise((resolve) => {
      this.#gotFirstTrack = resolve;
    });
  }

  /** Joins the booth; resolves once connected (the asker may then publish). */
  async start(): Promise<void> {
    this.#room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, p: RemoteParticipant) => {
      if (track.kind !== TrackKind.KIND_AUDIO || p.identity !== this.#o.askerIdentity) return;
      // One recording per ask: a re-published track (after a reconnect) continues the same buffer.
      const previous = this.#reading ?? Promise.resolve();
      this.#reading = previous.then(() => this.#read(track));
      this.#gotFirstTrack();
    });
    await this.#room.connect(this.#o.livekit.url, await this.#token(), {
      autoSubscribe: true,
      dynacast: false,
    });
  }

  get seconds(): number {
    return this.#samples / STT_SAMPLE_RATE_HZ;
  }

  /**
   * Waits for the trailing audio: until the asker's track has ended (they unpublished or left) or
   * `graceMs` passed, whichever is first; then returns everything recorded. A track published just
   * before finishing may not be subscribed yet: that wait is inside the same grace.
   */
  async drain(graceMs: number): Promise<Int16Array> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.#firstTrack.then(() => this.#reading), grace]);
    clearTimeout(timer);
    const pcm = new Int16Array(this.#samples);
    let at = 0;
    for (const c of this.#chunks) {
      pcm.set(c, at);
      at += c.length;
    }
    return pcm;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#room
      .disconnect()
      .catch((err: unknown) => this.#o.log.warn({ err }, 'booth disconnect failed'));
    this.#room.removeAllListeners();
  }

  async #read(track: RemoteTrack): Promise<void> {
    const stream = new AudioStream(track, { sampleRate: STT_SAMPLE_RATE_HZ, numChannels: 1 });
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value: frame } = await reader.read();
        if (done || this.#closed) break;
        const room = this.#o.maxSamples - this.#samples;
        if (room <= 0) continue; // past the limit: keep draining the stream, keep nothing
        const data = frame.data.length > room ? frame.data.slice(0, room) : Int16Array.from(frame.data);
        this.#chunks.push(data);
        this.#samples += data.length;
      }
    } catch (err) {
      this.#o.log.debug({ err }, 'booth audio stream ended');
    } finally {
      reader.releaseLock();
      await stream.cancel().catch(() => undefined);
    }
  }

  /** Listen-only: kind AGENT, the AI marker, may subscribe and nothing else. */
  async #token(): Promise<string> {
    const { apiKey, apiSecret } = this.#o.livekit;
    const token = new AccessToken(apiKey, apiSecret, {
      identity: twinIdentity(this.#o.personaId),
      name: this.#o.name,
      ttl: 300,
      attributes: { [AI_MARKER_ATTRIBUTE]: 'true', [PERSONA_ATTRIBUTE]: this.#o.personaId },
    });
    token.kind = 'agent';
    token.addGrant({
      roomJoin: true,
      room: this.#o.roomName,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
    });
    return token.toJwt();
  }
}
