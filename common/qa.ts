/**
 * All-hands Q&A: the HTTP DTOs and the realtime event schema shared by the server and every client.
 * Framework-free. Events travel as JSON in LiveKit reliable data packets on topic `QA_TOPIC`, sent
 * by the server (RoomService SendData); receivers accept only packets without a participant identity
 * (`acceptQaPacket`) and fold them into a snapshot from the API with `QaFeed` (qa-feed.ts).
 */

export const QA_TOPIC = 'podium.qa.v1';
export const QA_EVENT_VERSION = 1;

export const QUESTION_STATES = ['pending', 'approved', 'live', 'answered', 'dismissed', 'escalated'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** States every participant sees; attendees see their own `pending` questions too. */
export const PUBLIC_STATES: readonly QuestionState[] = ['approved', 'live', 'answered'];

export const ANSWER_MODES = ['twin', 'leader', 'written'] as const;
/** Who answers a question the host sends live: the twin on stage, or the leader in person. */
export type LiveTarget = 'twin' | 'leader';
export const LIVE_TARGETS: readonly LiveTarget[] = ['twin', 'leader'];

export type AnswerMode = (typeof ANSWER_MODES)[number];

export const QUESTION_MIN_CHARS = 3;
export const QUESTION_MAX_CHARS = 500;
export const ANSWER_MAX_CHARS = 4000;
export const REASON_MAX_CHARS = 200;

export function isQuestionState(value: unknown): value is QuestionState {
  return typeof value === 'string' && (QUESTION_STATES as readonly string[]).includes(value);
}

/** A passage the twin quoted (same shape as the twin's citations; only `doc` and `quote` are required). */
export interface QaCitation {
  doc: string;
  quote: string;
  title?: string | undefined;
  date?: string | undefined;
  start?: number | undefined;
  end?: number | undefined;
  version?: number | undefined;
  hash?: string | undefined;
}

export interface QuestionAnswerDto {
  mode: AnswerMode;
  /** Null for a leader answer given live without a written summary. */
  text: string | null;
  citations: QaCitation[];
  /** Identity of whoever recorded the answer (a host, or the twin agent). */
  answeredBy: string;
  answeredAt: string;
}

/** What only moderators (and the author, for their own question) see. */
export interface QuestionModerationDto {
  /** The text as submitted, when a moderator has edited it. */
  originalText: string | null;
  editedBy: string | null;
  dismissReason: string | null;
}

/** A question as broadcast and listed. Anonymous questions never carry their author. */
export interface QuestionDto {
  id: string;
  roomId: string;
  text: string;
  edited: boolean;
  /** Null when anonymous. */
  author: { identity: string; name: string } | null;
  anonymous: boolean;
  state: QuestionState;
  /** The profanity filter matched: held for review whatever the room's pre-moderation setting. */
  flagged: boolean;
  starred: boolean;
  votes: number;
  /** Set when a moderator merged this question into another (it is then `dismissed`). */
  mergedInto: string | null;
  answer: QuestionAnswerDto | null;
  moderation: QuestionModerationDto | null;
  createdAt: string;
  updatedAt: string;
  /** The room's change counter at this question's last change; later changes have larger values. */
  seq: number;
}

/** A question as returned to one caller: adds whether they voted and whether they wrote it. */
export interface QuestionView extends QuestionDto {
  voted: boolean;
  mine: boolean;
}

export interface QaSettingsDto {
  /** New questions wait for a moderator (default in an all-hands; off in a meeting). */
  preModeration: boolean;
  ended: boolean;
  endedAt: string | null;
}

/** GET /api/rooms/:id/questions */
export interface QuestionListResponse {
  roomId: string;
  /** Every change with `seq <= this` is reflected here; apply only later events. */
  seq: number;
  settings: QaSettingsDto;
  questions: QuestionView[];
}

/** POST /api/rooms/:id/questions */
export interface SubmitQuestionRequest {
  text: string;
  anonymous?: boolean;
}
export interface SubmitQuestionResponse {
  question: QuestionView;
  /** True when the same person sent the same text within a minute: this is the earlier question. */
  duplicate: boolean;
}

/** POST /api/questions/:qid/vote — without `voted`, toggles. */
export interface VoteRequest {
  voted?: boolean;
}
export interface VoteResponse {
  voted: boolean;
  votes: number;
  /** The change that set this count (or the question's last change when nothing changed). */
  seq: number;
}

export interface DismissRequest {
  reason: string;
}
export interface EditRequest {
  text: string;
}
export interface MergeRequest {
  intoId: string;
}
export interface MergeResponse {
  question: QuestionView;
  merged: QuestionView;
}
export interface StarRequest {
  starred?: boolean;
}
export interface EscalateRequest {
  reason?: string;
}
export interface AnswerRequest {
  mode: AnswerMode;
  text?: string;
  citations?: QaCitation[];
}
/** PATCH /api/rooms/:id/qa */
export interface QaSettingsRequest {
  preModeration: boolean;
}

/** One person's raised hand / stage status. */
export interface StageEntryDto {
  identity: string;
  name: string;
  handRaised: boolean;
  handRaisedAt: string | null;
  onStage: boolean;
  updatedAt: string;
}
export interface StageListResponse {
  roomId: string;
  seq: number;
  entries: StageEntryDto[];
}
export interface HandRequest {
  raised: boolean;
}
export interface StageRequest {
  onStage: boolean;
}

// ---------------------------------------------------------------------------------------------
// Realtime events

interface EventBase {
  v: 1;
  roomId: string;
  seq: number;
}
export interface QuestionUpsertedEvent extends EventBase {
  type: 'question.upserted';
  question: QuestionDto;
}
/** The question left this receiver's view (dismissed, merged, sent back to moderation). */
export interface QuestionRemovedEvent extends EventBase {
  type: 'question.removed';
  id: string;
  mergedInto?: string;
}
export interface VoteChangedEvent extends EventBase {
  type: 'vote.changed';
  id: string;
  votes: number;
}
export interface StageChangedEvent extends EventBase {
  type: 'stage.changed';
  entry: StageEntryDto;
}
export interface SettingsChangedEvent extends EventBase {
  type: 'settings.changed';
  settings: QaSettingsDto;
}
export type QaEvent =
  QuestionUpsertedEvent | QuestionRemovedEvent | VoteChangedEvent | StageChangedEvent | SettingsChangedEvent;
export type QaEventType = QaEvent['type'];

export function encodeQaEvent(event: QaEvent): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(event));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNullableStr = (v: unknown) => v === null || isStr(v);

function isQuestion(q: unknown): q is QuestionDto {
  if (!isObj(q)) return false;
  const author = q.author;
  const authorOk = author === null || (isObj(author) && isStr(author.identity) && isStr(author.name));
  const answer = q.answer;
  const answerOk =
    answer === null ||
    (isObj(answer) &&
      (ANSWER_MODES as readonly unknown[]).includes(answer.mode) &&
      isNullableStr(answer.text) &&
      Array.isArray(answer.citations));
  return (
    isStr(q.id) &&
    isStr(q.roomId) &&
    isStr(q.text) &&
    isQuestionState(q.state) &&
    isCount(q.votes) &&
    isCount(q.seq) &&
    typeof q.anonymous === 'boolean' &&
    typeof q.flagged === 'boolean' &&
    typeof q.starred === 'boolean' &&
    isNullableStr(q.mergedInto) &&
    authorOk &&
    answerOk &&
    (q.moderation === null || isObj(q.moderation))
  );
}

function isStageEntry(e: unknown): e is StageEntryDto {
  return (
    isObj(e) &&
    isStr(e.identity) &&
    isStr(e.name) &&
    typeof e.handRaised === 'boolean' &&
    typeof e.onStage === 'boolean'
  );
}

/** The event in a payload, or null when it is not a well-formed version-1 Q&A event. */
export function parseQaEvent(payload: Uint8Array | string): QaEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload));
  } catch {
    return null;
  }
  if (!isObj(data) || data.v !== QA_EVENT_VERSION || !isStr(data.roomId) || !isCount(data.seq)) return null;
  switch (data.type) {
    case 'question.upserted':
      return isQuestion(data.question) ? (data as unknown as QuestionUpsertedEvent) : null;
    case 'question.removed':
      return isStr(data.id) && (data.mergedInto === undefined || isStr(data.mergedInto))
        ? (data as unknown as QuestionRemovedEvent)
        : null;
    case 'vote.changed':
      return isStr(data.id) && isCount(data.votes) ? (data as unknown as VoteChangedEvent) : null;
    case 'stage.changed':
      return isStageEntry(data.entry) ? (data as unknown as StageChangedEvent) : null;
    case 'settings.changed':
      return isObj(data.settings) && typeof data.settings.preModeration === 'boolean'
        ? (data as unknown as SettingsChangedEvent)
        : null;
    default:
      return null;
  }
}

/**
 * The Q&A event in a received data packet, or null. Only packets the server sent count: LiveKit
 * leaves the participant identity empty for them and stamps it on everything a participant sends,
 * so a payload from a participant is ignored whatever it claims.
 */
export function acceptQaPacket(packet: {
  topic?: string | undefined;
  participantIdentity?: string | undefined;
  payload: Uint8Array;
}): QaEvent | null {
  if (packet.topic !== QA_TOPIC || (packet.participantIdentity ?? '') !== '') return null;
  return parseQaEvent(packet.payload);
}
