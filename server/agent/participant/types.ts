import type { RemoteAudioTrack } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type { SpeechSegment } from '../../speech/index.ts';
import type { TwinParticipantError } from './errors.ts';

/** Values of the `lk.agent.state` attribute (LiveKit's agent convention). */
export const TWIN_AGENT_STATES = ['idle', 'listening', 'thinking', 'speaking'] as const;
export type TwinAgentState = (typeof TWIN_AGENT_STATES)[number];

/** Attribute names the twin sets on itself. */
export const AGENT_STATE_ATTRIBUTE = 'lk.agent.state';
export const AI_MARKER_ATTRIBUTE = 'podium.ai';
export const PERSONA_ATTRIBUTE = 'podium.persona';

/** Name of the twin's one published audio track. */
export const TWIN_TRACK_NAME = 'twin-voice';

/** LiveKit's caption convention: text streams on this topic with the attributes below. */
export const TRANSCRIPTION_TOPIC = 'lk.transcription';
export const TRANSCRIPTION_ATTRIBUTES = {
  trackId: 'lk.transcribed_track_id',
  segmentId: 'lk.segment_id',
  final: 'lk.transcription_final',
} as const;

export interface TwinParticipantOptions {
  /** LiveKit WebSocket URL (embedded SFU or real LiveKit). */
  url: string;
  /** Called for every (re)connect: a fresh token for the twin identity with kind AGENT. */
  token: () => Promise<string>;
  log: Logger;
  /**
   * Waits before each re-join attempt after an unexpected disconnect; the last value repeats.
   * Default 250, 500, 1000, 2000, 5000 ms.
   */
  reconnectDelaysMs?: readonly number[];
  /** Frames handed to LiveKit, in ms: 10 or 20 (default 20). */
  frameMs?: 10 | 20;
  /** LiveKit AudioSource queue, in ms (default 200): audio buffered ahead of playout. */
  queueMs?: number;
}

export interface SpeakOptions {
  /** [A-Za-z0-9_-]{1,64} */
  utteranceId: string;
  /** Abort = interrupt (same as interrupt()). Pass the same signal to speakSentences to stop synthesis too. */
  signal?: AbortSignal;
  /** Called once when the first audio frame of the utterance is handed to the track (Date.now() clock). */
  onFirstAudio?: (atMs: number) => void;
}

export interface SpeakResult {
  utteranceId: string;
  interrupted: boolean;
  /** Utterance time actually handed out to listeners (everything queued but not yet sent is dropped). */
  heardUntilMs: number;
  /** Of all audio that was synthesized and scheduled: the utterance's length including pauses between segments. */
  durationMs: number;
  /** The words up to heardUntilMs (as written in the segments' text), segments joined by a space. */
  spokenText: string;
  /** SHA-256 (hex) of the utterance's int16 little-endian 48 kHz mono PCM from its start to heardUntilMs. */
  audioSha256: string;
  /** Segments whose audio started playing. */
  segmentsPlayed: number;
  /** Set when the segment source failed part-way: what was received before the failure was still played. */
  error?: TwinParticipantError;
}

export interface TwinParticipantEvents {
  connected: () => void;
  disconnected: () => void;
  /** Remote audio track subscribed (for speech in: read frames via AudioStream). */
  audioTrack: (identity: string, track: RemoteAudioTrack, trackName: string) => void;
  /** Something went wrong in the background (a re-join attempt failed, a data packet was refused). */
  error: (err: TwinParticipantError, recoverable: boolean) => void;
}

export interface TwinParticipant {
  readonly identity: string;
  readonly connected: boolean;
  /** Sets the attribute lk.agent.state; kept across re-joins. */
  setState(state: TwinAgentState): Promise<void>;
  /**
   * Plays segments in order as they arrive; resolves when played out or interrupted. One at a time: a new
   * speak() interrupts the current one. Rejects only for bad input or after close().
   */
  speak(segments: AsyncIterable<SpeechSegment>, opts: SpeakOptions): Promise<SpeakResult>;
  /** Stops the current utterance (audio stops within ~one frame); null when nothing is being spoken. */
  interrupt(): Promise<SpeakResult | null>;
  /** Publishes a reliable packet (e.g. a transcript for one asker). Throws 'not_connected' while re-joining. */
  publishData(topic: string, payload: Uint8Array, destinationIdentities?: string[]): Promise<void>;
  on<E extends keyof TwinParticipantEvents>(event: E, cb: TwinParticipantEvents[E]): () => void;
  /** Leaves; no timers, listeners or FFI handles are left behind. Idempotent. */
  close(): Promise<void>;
}
