// Governance contracts shared by the server, the console and the room clients: DTOs of
// /api/governance/* and the data packets the server sends on `podium.control.v1` and
// `podium.followup.v1`. Framework-free: no Hono, no Babylon, no zod.

/** Reliable LiveKit data topic carrying the twin's control state to a room (server-sent only). */
export const CONTROL_TOPIC = 'podium.control.v1';
/** Reliable LiveKit data topic telling one asker that their question got a written answer. */
export const FOLLOWUP_TOPIC = 'podium.followup.v1';

// ---------------------------------------------------------------------------------------------
// Who may do what

/**
 * Governance grants held by staff (people on the leader's team, not room roles):
 * `comms` approves and publishes, `owner:<team>` drafts its team's follow-ups, `consent` records and
 * revokes consent, `control` pauses / hands over / stops the twin, `auditor` reads and verifies the
 * audit log, `agent` is the twin agent process (appends utterances, reads consent and control).
 */
export type StaffRole = 'comms' | 'consent' | 'control' | 'auditor' | 'agent' | `owner:${string}`;

export interface StaffDto {
  id: string;
  name: string;
  roles: StaffRole[];
  createdAt: string;
  revokedAt: string | null;
}

/** POST /api/governance/staff and POST /api/governance/staff/:id/token: the token is shown once. */
export interface StaffTokenResponse {
  staff: StaffDto;
  /** Send as `Authorization: Bearer <token>`. Only its hash is stored. */
  token: string;
}

export type PrincipalDto =
  | { kind: 'admin'; name: 'admin'; roles: ['admin'] }
  | { kind: 'staff'; id: string; name: string; roles: StaffRole[] };

// ---------------------------------------------------------------------------------------------
// Consent

export const CONSENT_MODALITIES = ['statements', 'voice', 'likeness'] as const;
export type ConsentModality = (typeof CONSENT_MODALITIES)[number];

export interface ConsentPerson {
  name: string;
  role: string;
}

export interface ConsentScope {
  /** Room ids, or ["*"] for every room. */
  rooms: string[];
  /** Topics, or ["*"] for every topic. */
  topics: string[];
  modalities: ConsentModality[];
}

/** POST /api/governance/consent (and the shape of a persona's consent.json, plus `signedBy`). */
export interface RecordConsentRequest {
  personaId: string;
  grantedBy: ConsentPerson;
  delegates?: ConsentPerson[];
  /** The leader or one of the named delegates; default the leader. */
  signedBy?: ConsentPerson;
  signedAt: string;
  validFrom: string;
  validUntil: string | null;
  scope: ConsentScope;
}

export type ConsentStatus = 'in-force' | 'not-yet-valid' | 'expired' | 'revoked';

export interface ConsentRecordDto {
  id: string;
  personaId: string;
  grantedBy: ConsentPerson;
  delegates: ConsentPerson[];
  signedBy: ConsentPerson;
  signedAt: string;
  validFrom: string;
  validUntil: string | null;
  scope: ConsentScope;
  revokedAt: string | null;
  revokedBy: ConsentPerson | null;
  revokeReason: string | null;
  source: 'consent.json' | 'api';
  /** The governance principal that entered the record ("admin", "staff:<id>", "system"). */
  recordedBy: string;
  createdAt: string;
  /** Status now, ignoring scope. */
  status: ConsentStatus;
}

/** POST /api/governance/consent/:id/revoke */
export interface RevokeConsentRequest {
  /** The leader or one of the named delegates. */
  revokedBy: ConsentPerson;
  reason: string;
}

export type ConsentDecisionReason =
  | 'in-force'
  | 'no-consent-record'
  | 'revoked'
  | 'not-yet-valid'
  | 'expired'
  | 'room-out-of-scope'
  | 'modality-out-of-scope'
  | 'topic-out-of-scope';

/** GET /api/governance/consent/status */
export interface ConsentDecisionDto {
  personaId: string;
  inForce: boolean;
  reason: ConsentDecisionReason;
  /** The record that grants consent (or the most relevant one that does not). */
  recordId: string | null;
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Human control of the twin

export type TwinSpeaker = 'twin' | 'leader';

/** The twin's effective state in one room: paused here, handed over here, or stopped everywhere. */
export interface TwinControlStateDto {
  roomId: string;
  paused: boolean;
  /** `leader`: the leader answers live, the twin stays silent. */
  speaker: TwinSpeaker;
  /** The global kill switch. */
  killed: boolean;
  /** True only when not killed, not paused and the twin holds the floor. */
  twinMayAnswer: boolean;
  /** Grows with every change anywhere; clients keep the state with the highest seq. */
  seq: number;
  updatedAt: string;
  reason: string | null;
}

export interface GlobalControlDto {
  killed: boolean;
  seq: number;
  updatedAt: string;
  updatedBy: string;
  reason: string | null;
}

/** GET /api/governance/control */
export interface ControlOverviewDto {
  global: GlobalControlDto;
  rooms: TwinControlStateDto[];
}

/** Data packet on CONTROL_TOPIC. */
export interface ControlMessage extends TwinControlStateDto {
  v: 1;
  type: 'twin.control';
}

// ---------------------------------------------------------------------------------------------
// Approvals (escalated answers waiting for a human)

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface ApprovalDto {
  id: string;
  roomId: string;
  personaId: string;
  questionId: string | null;
  question: string;
  topic: string | null;
  reason: string;
  /** What the twin (or a person) proposed. */
  draftText: string;
  /** The text as released (approved) — possibly edited by the approver. */
  finalText: string | null;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Audit log index of the released utterance. */
  auditIndex: number | null;
  followupId: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Follow-ups (declined or escalated questions answered later, in writing)

export const FOLLOWUP_STATUSES = ['open', 'drafted', 'approved', 'published'] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

export interface FollowupHistoryDto {
  at: string;
  actor: string;
  action: string;
  fromStatus: FollowupStatus | null;
  toStatus: FollowupStatus;
  note: string | null;
}

export interface FollowupDto {
  id: string;
  roomId: string;
  questionId: string | null;
  question: string;
  /** Never the identity of an anonymous asker. */
  asker: { anonymous: true } | { anonymous: false; identity: string; name: string | null } | null;
  origin: 'declined' | 'escalated' | 'manual';
  reason: string;
  topic: string | null;
  team: string;
  status: FollowupStatus;
  draftText: string | null;
  answerText: string | null;
  dueAt: string;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
  approvalId: string | null;
  history?: FollowupHistoryDto[];
}

export interface RoutingRule {
  team: string;
  /** Matched against the question's topic (exact, case-insensitive). */
  topics: string[];
  /** Matched as whole words against the question text when no topic rule matched. */
  keywords: string[];
}

export interface RoutingTable {
  rules: RoutingRule[];
  defaultTeam: string;
  /** Teams' display names, e.g. { people: 'People team' }. */
  teams: Record<string, string>;
  /** Answer due this many business days (Mon-Fri, UTC) after the question. */
  dueBusinessDays: number;
}

/** Data packet on FOLLOWUP_TOPIC, sent only to the asker's identity. */
export interface FollowupPublishedMessage {
  v: 1;
  type: 'followup.published';
  followupId: string;
  roomId: string;
  questionId: string | null;
  question: string;
  answer: string;
  publishedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Audit log

/** A signed tree head: the log's size and Merkle root, signed with Ed25519 (see docs/governance.md). */
export interface SignedTreeHeadDto {
  treeSize: number;
  /** Lowercase hex SHA-256. */
  rootHash: string;
  timestampMs: number;
  keyId: string;
  /** Base64 Ed25519 signature over the STH's signing input. */
  signature: string;
}

export interface AuditPublicKeyDto {
  keyId: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface AuditEntryDto {
  index: number;
  leafHash: string;
  entry: Record<string, unknown>;
  /** The STH signed right after this entry was appended (tree size index + 1). */
  sth: SignedTreeHeadDto;
}

export interface InclusionProofDto {
  index: number;
  treeSize: number;
  leafHash: string;
  /** Audit path, leaf to root, lowercase hex. */
  path: string[];
  rootHash: string;
  sth: SignedTreeHeadDto | null;
}

export interface ConsistencyProofDto {
  first: number;
  second: number;
  firstRoot: string;
  secondRoot: string;
  path: string[];
}

export interface AuditVerifyReportDto {
  ok: boolean;
  entries: number;
  treeSize: number | null;
  rootHash: string | null;
  /** The first problem found, e.g. `entry 3: altered (...)`; null when intact. */
  problem: string | null;
  /** Non-fatal notes (unpinned keys...). */
  warnings: string[];
}

export interface GovernanceMetricsDto {
  since: string | null;
  roomId: string | null;
  utterances: { answers: number; declines: number; escalations: number; approvedReleases: number };
  approvals: { pending: number; approved: number; rejected: number };
  followups: {
    open: number;
    drafted: number;
    approved: number;
    published: number;
    overdue: number;
    /** Over published follow-ups, created → published. */
    medianResolutionMs: number | null;
    meanResolutionMs: number | null;
    /** 95th percentile of the same (linear interpolation between ranks). */
    p95ResolutionMs: number | null;
  };
  /**
   * Over the twin's own utterance entries in scope (decision answer / decline / escalate; releases a
   * human approved are left out, their wait is a person's) whose question carries `askedAt`.
   * `askedAt` is when the question was posted to the room's Q&A, so the figures include any time it
   * waited for a moderator or the host before reaching the twin. Negative spans (clock skew between
   * instances) are left out.
   */
  latency: {
    /** askedAt → decidedAt of the utterance entry (the agent logs its decision the moment it is made). */
    decision: LatencyStatsDto;
    /**
     * askedAt → start of the twin's audio. The `utterance.audio` entry is appended when playback
     * ends and holds how much was played (`durationMs`), so the start is its `loggedAt − durationMs`
     * (the earliest when there are several). Only utterances with such an entry count.
     */
    questionToAudio: LatencyStatsDto;
    /** decidedAt → start of the twin's audio (synthesis and publishing; no human wait in it). */
    decisionToAudio: LatencyStatsDto;
  };
  /**
   * Who took part, in scope. People have no accounts: an identity is one join of one browser, so
   * someone who joins twice counts twice in `joined` (and asks / votes under whichever join).
   */
  participation: ParticipationDto & {
    /** Per room (only the chosen room when `roomId` is set), rooms with no activity left out. */
    rooms: (ParticipationDto & { roomId: string })[];
  };
  audit: { treeSize: number };
}

/** Percentiles of a set of durations, linear interpolation between ranks; null without samples. */
export interface LatencyStatsDto {
  samples: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface ParticipationDto {
  /** Distinct identities the server admitted (one per join). */
  joined: number;
  /** Distinct identities that posted at least one question. */
  asked: number;
  /** Distinct identities that up-voted at least one question (votes later withdrawn do not count). */
  voted: number;
}

// ---------------------------------------------------------------------------------------------
// Live rooms (GET /api/governance/rooms)

/** One room on the console's live rooms page: what it is, who is in it, and the twin's state. */
export interface LiveRoomDto {
  roomId: string;
  /** null for a room that has a control record but is no longer in the room list. */
  title: string | null;
  kind: 'all-hands' | 'meeting' | null;
  capacity: number | null;
  /** People in the LiveKit room now, the twin not counted; null when LiveKit cannot be asked. */
  participants: number | null;
  control: TwinControlStateDto;
}

/** GET /api/governance/rooms */
export interface LiveRoomsResponse {
  global: GlobalControlDto;
  rooms: LiveRoomDto[];
  /** False when the server has no LiveKit to ask (PODIUM_MEDIA=none, or not connected yet). */
  countsAvailable: boolean;
}

// ---------------------------------------------------------------------------------------------
// Packet validation (receivers ignore what does not parse)

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function decodeJson(data: unknown): unknown {
  if (data instanceof Uint8Array) {
    try {
      return JSON.parse(new TextDecoder().decode(data));
    } catch {
      return null;
    }
  }
  if (typeof data === 'string') {
    try {
      return JSON.parse(data);
    } catch {
      return null;
    }
  }
  return data;
}

/** A control packet (bytes, JSON text or a parsed object), or null when it is not one. */
export function parseControlMessage(data: unknown): ControlMessage | null {
  const m = decodeJson(data);
  if (!isObject(m) || m.v !== 1 || m.type !== 'twin.control') return null;
  if (typeof m.roomId !== 'string' || m.roomId.length === 0) return null;
  if (typeof m.paused !== 'boolean' || typeof m.killed !== 'boolean' || typeof m.twinMayAnswer !== 'boolean')
    return null;
  if (m.speaker !== 'twin' && m.speaker !== 'leader') return null;
  if (!isNonNegInt(m.seq) || typeof m.updatedAt !== 'string') return null;
  if (m.reason !== null && typeof m.reason !== 'string') return null;
  return {
    v: 1,
    type: 'twin.control',
    roomId: m.roomId,
    paused: m.paused,
    speaker: m.speaker,
    killed: m.killed,
    twinMayAnswer: m.twinMayAnswer,
    seq: m.seq,
    updatedAt: m.updatedAt,
    reason: m.reason,
  };
}

/** A follow-up notification packet, or null when it is not one. */
export function parseFollowupMessage(data: unknown): FollowupPublishedMessage | null {
  const m = decodeJson(data);
  if (!isObject(m) || m.v !== 1 || m.type !== 'followup.published') return null;
  for (const key of ['followupId', 'roomId', 'question', 'answer', 'publishedAt'] as const) {
    if (typeof m[key] !== 'string') return null;
  }
  if (m.questionId !== null && typeof m.questionId !== 'string') return null;
  return {
    v: 1,
    type: 'followup.published',
    followupId: m.followupId as string,
    roomId: m.roomId as string,
    questionId: m.questionId,
    question: m.question as string,
    answer: m.answer as string,
    publishedAt: m.publishedAt as string,
  };
}

// Personas and corpus provenance live in their own module.
export * from './personas.ts';
