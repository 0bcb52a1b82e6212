import type { VoiceQuestions } from '../agent/index.ts';
import type { PodiumConfig } from '../config/index.ts';
import type { ParticipantCounter } from '../livekit/index.ts';
import type { Logger } from '../log/index.ts';
import type { Governance } from '../governance/index.ts';
import type { Qa } from '../qa/index.ts';
import type { InviteRepo, ParticipantRepo, RoomRepo } from '../rooms/index.ts';
import type { Store } from '../store/index.ts';

/** What the routes tell the twin runtime (server/agent). */
export interface TwinPresence {
  roomJoined(roomId: string): void;
  /** Speech in for voice questions; null when the twin runtime did not load. */
  voice(): Promise<VoiceQuestions | null>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { database: string; media: string };
}

/** What the HTTP routes need; built once by startPodium (or by a test). */
export interface AppDeps {
  config: PodiumConfig;
  log: Logger;
  store: Store;
  rooms: RoomRepo;
  invites: InviteRepo;
  participants: ParticipantRepo;
  /** Set once the server listens (the embedded SFU is asked through our own port); null without media. */
  counter: ParticipantCounter | null;
  /** The all-hands Q&A (questions, moderation, stage); announces through LiveKit once connected. */
  qa: Qa;
  /** Audit log, consent, twin control, approvals and follow-ups (server/governance). */
  governance: Governance;
  /** The room's AI twin, told when someone joins (it comes to all-hands rooms); null: no twin. */
  twin: TwinPresence | null;
  /** package.json version, reported by /api/config. */
  version: string;
  readiness: () => Promise<ReadinessReport>;
}
