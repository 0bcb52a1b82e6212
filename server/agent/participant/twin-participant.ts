import type { RemoteAudioTrack } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import { encodeTimelineMessage, TIMELINE_TOPIC, type TimelineMessage } from '../../../common/timeline.ts';
import { SPEECH_SAMPLE_RATE_HZ, type SpeechSegment } from '../../speech/index.ts';
import { AudioPump } from './audio-pump.ts';
import { DEFAULT_RECONNECT_DELAYS_MS, TwinConnection } from './connection.ts';
import { Emitter } from './emitter.ts';
import { TwinParticipantError } from './errors.ts';
import {
  AGENT_STATE_ATTRIBUTE,
  TWIN_AGENT_STATES,
  type SpeakOptions,
  type SpeakResult,
  type TwinAgentState,
  type TwinParticipant,
  type TwinParticipantEvents,
  type TwinParticipantOptions,
} from './types.ts';
import { UtterancePlayer } from './utterance.ts';

const UTTERANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

class TwinParticipantImpl implements TwinParticipant {
  private readonly log: Logger;
  private readonly pump: AudioPump;
  private readonly conn: TwinConnection;
  private readonly events: Emitter<TwinParticipantEvents>;
  private state: TwinAgentState = 'idle';
  private stateChain: Promise<unknown> = Promise.resolve();
  private timelineChain: Promise<void> = Promise.resolve();
  private current: UtterancePlayer | null = null;
  private closed: Promise<void> | null = null;

  constructor(opts: TwinParticipantOptions) {
    this.log = opts.log.child({ module: 'agent.participant' });
    this.events = new Emitter(this.log);
    const frameMs = opts.frameMs ?? 20;
    if (frameMs !== 10 && frameMs !== 20)
      throw new TwinParticipantError('bad_input', 'frameMs must be 10 or 20');
    const queueMs = opts.queueMs ?? 200;
    if (!Number.isInteger(queueMs) || queueMs < frameMs || queueMs > 5_000)
      throw new TwinParticipantError('bad_input', 'queueMs must be an integer between frameMs and 5000');
    this.pump = new AudioPump({
      sampleRateHz: SPEECH_SAMPLE_RATE_HZ,
      frameSamples: (SPEECH_SAMPLE_RATE_HZ * frameMs) / 1000,
      queueMs,
      log: this.log,
    });
    this.conn = new TwinConnection({
      url: opts.url,
      token: opts.token,
      reconnectDelaysMs: opts.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS,
      pump: this.pump,
      log: this.log,
      hooks: {
        connected: () => this.events.emit('connected'),
        disconnected: () => {
          this.current?.stop('disconnected');
          this.events.emit('disconnected');
        },
        audioTrack: (identity: string, track: RemoteAudioTrack, name: string) =>
          this.events.emit('audioTrack', identity, track, name),
        error: (err, recoverable) => this.events.emit('error', err, recoverable),
        attributes: () => ({ [AGENT_STATE_ATTRIBUTE]: this.state }),
      },
    });
  }

  get identity(): string {
    return this.conn.identity;
  }

  get connected(): boolean {
    return this.conn.connected;
  }

  async start(): Promise<void> {
    await this.conn.start();
  }

  async setState(state: TwinAgentState): Promise<void> {
    if (!(TWIN_AGENT_STATES as readonly string[]).includes(state))
      throw new TwinParticipantError('bad_input', `unknown agent state: ${String(state)}`);
    this.assertOpen();
    await this.applyState(state);
  }

  async speak(segments: AsyncIterable<SpeechSegment>, opts: SpeakOptions): Promise<SpeakResult> {
    this.assertOpen();
    if (typeof opts?.utteranceId !== 'string' || !UTTERANCE_ID.test(opts.utteranceId))
      throw new TwinParticipantError('bad_input', 'utteranceId must match [A-Za-z0-9_-]{1,64}');
    if (
      !segments ||
      typeof (segments as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function'
    )
      throw new TwinParticipantError('bad_input', 'segments must be an AsyncIterable of SpeechSegment');
    const { signal } = opts;
    if (signal?.aborted) return emptyResult(opts.utteranceId, true);
    this.current?.stop('preempted');
    const utterance = new UtterancePlayer(
      opts.utteranceId,
      {
        pump: this.pump,
        sendTimeline: (msg) => this.sendTimeline(msg),
        captions: {
          participant: () => this.conn.participant(),
          trackSid: () => this.conn.trackSid(),
          log: this.log,
        },
        setState: (s) => void this.applyState(s).catch(() => undefined),
        log: this.log,
      },
      opts.onFirstAudio,
    );
    this.current = utterance;
    const onAbort = () => utterance.stop('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    utterance.start(segments);
    try {
      return await utterance.done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.current === utterance) this.current = null;
    }
  }

  async interrupt(): Promise<SpeakResult | null> {
    const u = this.current;
    if (!u || u.finished) return null;
    return u.stop('interrupt');
  }

  async publishData(topic: string, payload: Uint8Array, destinationIdentities?: string[]): Promise<void> {
    this.assertOpen();
    if (typeof topic !== 'string' || !(payload instanceof Uint8Array))
      throw new TwinParticipantError(
        'bad_input',
        'publishData needs a topic string and a Uint8Array payload',
      );
    const lp = this.conn.participant();
    if (!lp)
      throw new TwinParticipantError('not_connected', 'the twin is re-joining the room', { retryable: true });
    try {
      await lp.publishData(payload, {
        reliable: true,
        topic,
        ...(destinationIdentities ? { destination_identities: destinationIdentities } : {}),
      });
    } catch (err) {
      throw new TwinParticipantError('livekit_failed', 'LiveKit refused the data packet', {
        retryable: true,
        cause: err,
      });
    }
  }

  on<E extends keyof TwinParticipantEvents>(event: E, cb: TwinParticipantEvents[E]): () => void {
    return this.events.on(event, cb);
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      const u = this.current;
      u?.stop('closed');
      // Let the last timeline messages and captions go out before leaving.
      await Promise.all([this.timelineChain, this.stateChain.catch(() => undefined), u?.captionsSettled()]);
      await this.conn.close();
      await this.pump.close();
      this.events.clear();
      this.log.info('twin participant closed');
    })();
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new TwinParticipantError('closed', 'the twin participant was closed');
  }

  /** Attribute updates are chained so "speaking" then "listening" cannot arrive reversed. */
  private applyState(state: TwinAgentState): Promise<void> {
    this.state = state;
    const run = this.stateChain.then(async () => {
      const lp = this.conn.participant();
      // Not connected: the state is applied when the twin re-joins.
      if (!lp || this.state !== state) return;
      try {
        await lp.setAttributes({ [AGENT_STATE_ATTRIBUTE]: state });
      } catch (err) {
        throw new TwinParticipantError('livekit_failed', 'could not set lk.agent.state', {
          retryable: true,
          cause: err,
        });
      }
    });
    this.stateChain = run.catch((err: unknown) => this.log.warn({ err, state }, 'agent state not set'));
    return run;
  }

  /** Timeline messages go out in order on the reliable channel; while re-joining they are dropped. */
  private sendTimeline(msg: TimelineMessage): void {
    this.timelineChain = this.timelineChain
      .then(async () => {
        const lp = this.conn.participant();
        if (!lp) {
          this.log.debug(
            { type: msg.type, utteranceId: msg.utteranceId },
            'timeline message dropped (offline)',
          );
          return;
        }
        await lp.publishData(encodeTimelineMessage(msg), { reliable: true, topic: TIMELINE_TOPIC });
      })
      .catch((err: unknown) =>
        this.log.warn({ err, type: msg.type, utteranceId: msg.utteranceId }, 'timeline message not sent'),
      );
  }
}

function emptyResult(utteranceId: string, interrupted: boolean): SpeakResult {
  return {
    utteranceId,
    interrupted,
    heardUntilMs: 0,
    durationMs: 0,
    spokenText: '',
    audioSha256: EMPTY_SHA256,
    segmentsPlayed: 0,
  };
}

/**
 * Joins the room as the twin (kind AGENT via the token), publishes its voice track and keeps it joined
 * until close(). Rejects with TwinParticipantError 'connect_failed' when the first join fails.
 */
export async function connectTwinParticipant(opts: TwinParticipantOptions): Promise<TwinParticipant> {
  const p = new TwinParticipantImpl(opts);
  try {
    await p.start();
  } catch (err) {
    await p.close().catch(() => undefined);
    throw err;
  }
  return p;
}
