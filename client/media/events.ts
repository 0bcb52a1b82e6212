import type { ParticipantInfo } from '../avatar/remote-avatars.ts';

/** The twin agent as LiveKit reports it: name and attributes (e.g. `lk.agent.state`). */
export interface TwinParticipantInfo {
  identity: string;
  name: string;
  attributes: Readonly<Record<string, string>>;
}

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** What the media session reports, as a typed callbacks map (cf. livekit's RoomEventCallbacks). */
export interface MediaSessionEvents {
  /** Connection state; `detail` is a human sentence for the status line. */
  phase: (phase: ConnectionPhase, detail: string) => void;
  /** Our own identity (changes when a lost session is rejoined with a fresh token). */
  identity: (identity: string) => void;
  participantUpserted: (info: ParticipantInfo) => void;
  participantLeft: (identity: string) => void;
  /** A remote voice to play (spatially) at the participant's avatar. */
  voiceAdded: (identity: string, track: MediaStreamTrack) => void;
  voiceRemoved: (identity: string) => void;
  /** The SFU's speaker detection: level 0..1, or -1 when the participant stopped speaking. */
  speaking: (identity: string, level: number) => void;
  /** Whether we may publish the microphone, and whether it is muted. */
  mic: (canPublish: boolean, muted: boolean) => void;
  /** The twin agent joined or its name/attributes changed (it gets no seat in the crowd). */
  twinUpserted: (info: TwinParticipantInfo) => void;
  twinLeft: (identity: string) => void;
  /** The twin's voice (played at the twin on the stage, never as a crowd voice). */
  twinVoiceAdded: (identity: string, track: MediaStreamTrack) => void;
  twinVoiceRemoved: (identity: string) => void;
  /** A packet on the twin's timeline topic, sent (as LiveKit attests) by a twin identity. */
  twinTimeline: (identity: string, payload: Uint8Array) => void;
  /** Something failed that the user should know about (the session keeps running). */
  error: (message: string, error: unknown) => void;
}

/** A minimal typed emitter; listeners that throw are isolated from each other. */
export class Emitter<E extends { [K in keyof E]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof E, Set<E[keyof E]>>();

  constructor(
    private readonly onListenerError: (event: string, error: unknown) => void = (event, error) =>
      console.error(`listener for ${event} failed`, error),
  ) {}

  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as (...a: Parameters<E[K]>) => void)(...args);
      } catch (err) {
        this.onListenerError(String(event), err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
