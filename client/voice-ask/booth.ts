import { Room } from 'livekit-client';
import type { VoiceAskDto, VoiceTranscriptDto } from '../../common/voice.ts';
import { errorFromResponse } from '../lobby/api-error.ts';

/** Could not set up the booth (server refused, connect or publish failed): the caller may fall back. */
export class BoothSetupError extends Error {
  override readonly name = 'BoothSetupError';
  /** True when joining or publishing failed (worth a second try); false when the server refused. */
  readonly retryable: boolean;

  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

async function call<T>(method: string, url: string, signal: AbortSignal): Promise<T | null> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  const text = await res.text();
  if (!res.ok) throw errorFromResponse(res.status, text);
  return text ? (JSON.parse(text) as T) : null;
}

/**
 * One voice question through a private booth room: a second livekit-client Room, separate from the
 * main room, holding only the asker and the twin (which listens). The microphone is published while
 * the talk button is held; the server transcribes what it heard.
 */
export class VoiceBooth {
  readonly #base: string;
  readonly #askId: string;
  readonly #room: Room;
  #closed = false;

  private constructor(base: string, askId: string, room: Room) {
    this.#base = base;
    this.#askId = askId;
    this.#room = room;
  }

  /**
   * Opens the ask, joins the booth and publishes the microphone; resolves only once the track is
   * published, so what is said from then on reaches the twin. Throws BoothSetupError (after undoing
   * whatever was set up) when any step fails.
   */
  static async open(roomId: string, micDeviceId: string | null, signal: AbortSignal): Promise<VoiceBooth> {
    try {
      return await VoiceBooth.#openOnce(roomId, micDeviceId, signal);
    } catch (err) {
      // Joining a room and publishing at once can lose a race in WebRTC negotiation ("Transceiver
      // not found based on m-line index"); a second booth, a moment later, gets through.
      if (signal.aborted || !(err instanceof BoothSetupError) || !err.retryable) throw err;
      console.warn('voice booth setup failed; trying once more', err);
      await new Promise((r) => setTimeout(r, 250));
      if (signal.aborted) throw err;
      return VoiceBooth.#openOnce(roomId, micDeviceId, signal);
    }
  }

  static async #openOnce(
    roomId: string,
    micDeviceId: string | null,
    signal: AbortSignal,
  ): Promise<VoiceBooth> {
    const base = `/api/rooms/${encodeURIComponent(roomId)}/voice-ask`;
    let ask: VoiceAskDto | null;
    try {
      ask = await call<VoiceAskDto>('POST', base, signal);
    } catch (err) {
      throw new BoothSetupError('the booth could not be opened', { cause: err });
    }
    if (!ask) throw new BoothSetupError('empty answer');
    const room = new Room({ adaptiveStream: false, dynacast: false, disconnectOnPageLeave: true });
    try {
      await room.connect(ask.livekit.url, ask.livekit.token, { autoSubscribe: false });
      // Resolves once the track is published: from here on, what is said reaches the twin.
      const pub = await room.localParticipant.setMicrophoneEnabled(
        true,
        {
          ...(micDeviceId ? { deviceId: { exact: micDeviceId } } : {}),
          echoCancellation: true,
          noiseSuppression: true,
          channelCount: 1,
        },
        // No DTX: the VAD wants the pauses as they were, not comfort noise.
        { dtx: false },
      );
      if (!pub) throw new Error('the microphone was not published');
      if (signal.aborted) throw signal.reason;
      return new VoiceBooth(base, ask.askId, room);
    } catch (err) {
      await room.disconnect().catch(() => undefined);
      void fetch(`${base}/${encodeURIComponent(ask.askId)}`, {
        method: 'DELETE',
        credentials: 'same-origin',
      });
      throw new BoothSetupError('the booth could not be joined', { cause: err, retryable: true });
    }
  }

  /** Stops publishing (the track's end tells the twin the question is complete) and transcribes. */
  async finish(signal: AbortSignal): Promise<VoiceTranscriptDto> {
    await this.#leave();
    const transcript = await call<VoiceTranscriptDto>(
      'POST',
      `${this.#base}/${encodeURIComponent(this.#askId)}/finish`,
      signal,
    );
    if (!transcript) throw new Error('empty transcript');
    return transcript;
  }

  /** Leaves the booth and tells the server to close it; nothing is transcribed. */
  async cancel(): Promise<void> {
    await this.#leave();
    await fetch(`${this.#base}/${encodeURIComponent(this.#askId)}`, {
      method: 'DELETE',
      credentials: 'same-origin',
    }).catch(() => undefined);
  }

  async #leave(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Mute at once (nothing said after release is sent), then leave: leaving unpublishes the track,
    // which ends the twin's subscription, the server's cue that the question is complete.
    await this.#room.localParticipant.setMicrophoneEnabled(false).catch(() => undefined);
    await this.#room.disconnect().catch(() => undefined);
  }
}
