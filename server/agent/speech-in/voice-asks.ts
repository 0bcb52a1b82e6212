import { randomBytes } from 'node:crypto';
import { AccessToken, RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import type { VoiceAskDto, VoiceTranscriptDto } from '../../../common/voice.ts';
import { HttpError } from '../../http/index.ts';
import { toHttpUrl } from '../../livekit/index.ts';
import { STT_SAMPLE_RATE_HZ } from '../../speech/index.ts';
import { BoothListener } from './booth.ts';
import { VOICE_QUESTION_MAX_SECONDS } from './voice-questions.ts';

/** The booth of one ask: `${roomId}.ask.${askId}`. App room ids have no dots, so no booth is an app room. */
export function boothRoomName(roomId: string, askId: string): string {
  return `${roomId}${BOOTH_INFIX}${askId}`;
}
export const BOOTH_INFIX = '.ask.';

export interface VoiceAsksOptions {
  livekit: { url: string; apiKey: string; apiSecret: string };
  personaId: string;
  /** The twin's display name in the booth. */
  twinName: string;
  /** Runs VAD + STT on 16 kHz PCM (VoiceQuestions.transcribePcm). */
  transcribe: (pcm: Int16Array, signal?: AbortSignal) => Promise<VoiceTranscriptDto>;
  log: Logger;
  /** A booth nobody finishes closes itself after this long (default 45 s). */
  idleTimeoutMs?: number;
  /** How long finish waits for the asker's track to end, for the trailing audio (default 1.5 s). */
  trailingGraceMs?: number;
}

interface Ask {
  askId: string;
  roomId: string;
  identity: string;
  booth: BoothListener;
  roomName: string;
  timer: ReturnType<typeof setTimeout>;
  finishing: boolean;
}

/**
 * Voice questions through a private booth: per ask, a LiveKit room holding only the asker (who may
 * publish a microphone and nothing else, and subscribe to nothing) and the twin (listen-only). The
 * question reaches nobody else, with any LiveKit server, with no per-track permissions.
 */
export class VoiceAsks {
  readonly #o: VoiceAsksOptions;
  readonly #log: Logger;
  readonly #rooms: RoomServiceClient;
  readonly #asks = new Map<string, Ask>();
  /** Mutable so tests can shorten it; read when an ask opens. */
  idleTimeoutMs: number;
  #closed = false;

  constructor(o: VoiceAsksOptions) {
    this.#o = o;
    this.#log = o.log.child({ module: 'agent.voice-ask' });
    this.#rooms = new RoomServiceClient(toHttpUrl(o.livekit.url), o.livekit.apiKey, o.livekit.apiSecret);
    this.idleTimeoutMs = o.idleTimeoutMs ?? 45_000;
  }

  /** Open asks (for tests and status). */
  get openCount(): number {
    return this.#asks.size;
  }

  /** Opens a booth with the twin listening in it; resolves with the asker's booth token. */
  async open(roomId: string, identity: string, livekitUrl: string): Promise<VoiceAskDto> {
    if (this.#closed) throw unavailable();
    // One open ask per person: asking again (say, after a reload) replaces the unfinished one.
    const previous = [...this.#asks.values()].filter((a) => a.identity === identity && a.roomId === roomId);
    await Promise.all(previous.map((a) => this.#close(a)));
    const askId = randomBytes(9).toString('base64url');
    const roomName = boothRoomName(roomId, askId);
    const booth = new BoothListener({
      livekit: this.#o.livekit,
      roomName,
      personaId: this.#o.personaId,
      name: this.#o.twinName,
      askerIdentity: identity,
      maxSamples: VOICE_QUESTION_MAX_SECONDS * STT_SAMPLE_RATE_HZ,
      log: this.#log,
    });
    const ask: Ask = {
      askId,
      roomId,
      identity,
      booth,
      roomName,
      finishing: false,
      timer: setTimeout(() => {
        this.#log.info({ roomId, askId }, 'voice ask idle: booth closed');
        void this.#close(ask);
      }, this.idleTimeoutMs),
    };
    ask.timer.unref();
    this.#asks.set(askId, ask);
    try {
      await booth.start();
    } catch (err) {
      await this.#close(ask);
      this.#log.warn({ err, roomId }, 'twin could not join the booth');
      throw new HttpError(503, 'booth_unavailable', 'Voice questions could not be set up; try again', {
        retryable: true,
        cause: err,
      });
    }
    if (!this.#asks.has(askId)) throw unavailable();
    this.#log.info({ roomId, askId }, 'voice ask opened');
    return { askId, livekit: { url: livekitUrl, token: await this.#askerToken(ask) } };
  }

  /** Waits for the trailing audio, closes the booth and transcribes what the asker said. */
  async finish(
    roomId: string,
    identity: string,
    askId: string,
    signal?: AbortSignal,
  ): Promise<VoiceTranscriptDto> {
    const ask = this.#find(roomId, identity, askId);
    if (ask.finishing)
      throw new HttpError(409, 'ask_finishing', 'This voice question is already being finished');
    ask.finishing = true;
    let pcm: Int16Array;
    try {
      pcm = await ask.booth.drain(this.#o.trailingGraceMs ?? 1_500);
    } finally {
      await this.#close(ask);
    }
    this.#log.info({ roomId, askId, seconds: pcm.length / STT_SAMPLE_RATE_HZ }, 'voice ask finished');
    return this.#o.transcribe(pcm, signal);
  }

  async cancel(roomId: string, identity: string, askId: string): Promise<void> {
    await this.#close(this.#find(roomId, identity, askId));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#asks.values()].map((a) => this.#close(a)));
  }

  #find(roomId: string, identity: string, askId: string): Ask {
    const ask = this.#asks.get(askId);
    if (!ask || ask.roomId !== roomId || ask.identity !== identity) {
      throw new HttpError(404, 'ask_not_found', 'No such voice question (it may have timed out); ask again');
    }
    return ask;
  }

  async #close(ask: Ask): Promise<void> {
    if (this.#asks.get(ask.askId) !== ask) return;
    this.#asks.delete(ask.askId);
    clearTimeout(ask.timer);
    await ask.booth.close();
    // Removes the asker too, and anyone else who got in; a booth nobody is in may already be gone.
    await this.#rooms.deleteRoom(ask.roomName).catch((err: unknown) => {
      this.#log.debug({ err, askId: ask.askId }, 'booth room not deleted');
    });
  }

  /** The asker may publish a microphone into this booth only: no data, no subscriptions. */
  async #askerToken(ask: Ask): Promise<string> {
    const token = new AccessToken(this.#o.livekit.apiKey, this.#o.livekit.apiSecret, {
      identity: ask.identity,
      ttl: Math.ceil(this.idleTimeoutMs / 1000) + 30,
    });
    token.addGrant({
      roomJoin: true,
      room: ask.roomName,
      canPublish: true,
      canPublishSources: [TrackSource.MICROPHONE],
      canSubscribe: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
    });
    return token.toJwt();
  }
}

function unavailable(): HttpError {
  return new HttpError(
    503,
    'voice_unavailable',
    'Voice questions are not available now; type your question instead',
  );
}
