/** The Q&A HTTP API as the panel uses it (session cookie auth, same origin). */
import type {
  AnswerRequest,
  DismissRequest,
  EditRequest,
  EscalateRequest,
  LiveTarget,
  MergeRequest,
  MergeResponse,
  QaSettingsDto,
  QuestionListResponse,
  QuestionView,
  StageEntryDto,
  StageListResponse,
  SubmitQuestionResponse,
  VoteResponse,
} from '../../common/qa.ts';
import { ApiError, errorFromResponse } from '../lobby/api-error.ts';

export { ApiError as QaApiError };

const TIMEOUT_MS = 15_000;

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    headers: { accept: 'application/json' },
  };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('network', 'Cannot reach the server. Check your connection and try again.', 0, true, {
      cause,
    });
  }
  const text = await res.text();
  if (res.status === 204) return null as T;
  if (!res.ok) {
    const err = errorFromResponse(res.status, text);
    const retryS = Number(res.headers.get('retry-after'));
    if (res.status === 429 && retryS > 0) {
      throw new ApiError(err.code, `${err.message} Try again in ${retryS} s.`, err.status, true);
    }
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new ApiError('bad_response', 'The server sent an unreadable answer.', res.status, true, { cause });
  }
}

const q = (id: string) => `/api/questions/${encodeURIComponent(id)}`;
const r = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;
const who = (roomId: string, identity: string) => `${r(roomId)}/participants/${encodeURIComponent(identity)}`;

/** The calls behind the panel's controls; every one rejects with an `ApiError` carrying the server's message. */
export const qaApi = {
  list: (roomId: string, signal?: AbortSignal) =>
    call<QuestionListResponse>(
      'GET',
      `/api/rooms/${encodeURIComponent(roomId)}/questions`,
      undefined,
      signal,
    ),
  submit: (roomId: string, text: string, anonymous: boolean) =>
    call<SubmitQuestionResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/questions`, {
      text,
      anonymous,
    }),
  vote: (id: string, voted: boolean) => call<VoteResponse>('POST', `${q(id)}/vote`, { voted }),
  approve: (id: string) => call<QuestionView>('POST', `${q(id)}/approve`),
  dismiss: (id: string, reason: string) =>
    call<QuestionView>('POST', `${q(id)}/dismiss`, { reason } satisfies DismissRequest),
  star: (id: string, starred: boolean) => call<QuestionView>('POST', `${q(id)}/star`, { starred }),
  /** Sends a question live to the twin (it answers on stage) or to the leader (who speaks live). */
  live: (id: string, target: LiveTarget = 'leader') =>
    call<QuestionView>('POST', `${q(id)}/live`, { target }),
  answerWritten: (id: string, text: string) =>
    call<QuestionView>('POST', `${q(id)}/answer`, { mode: 'written', text } satisfies AnswerRequest),
  /** The leader answered live; `summary` is an optional written gist. */
  answerLeader: (id: string, summary: string) =>
    call<QuestionView>(
      'POST',
      `${q(id)}/answer`,
      (summary.trim() ? { mode: 'leader', text: summary } : { mode: 'leader' }) satisfies AnswerRequest,
    ),
  edit: (id: string, text: string) =>
    call<QuestionView>('POST', `${q(id)}/edit`, { text } satisfies EditRequest),
  merge: (id: string, intoId: string) =>
    call<MergeResponse>('POST', `${q(id)}/merge`, { intoId } satisfies MergeRequest),
  escalate: (id: string, reason: string) =>
    call<QuestionView>(
      'POST',
      `${q(id)}/escalate`,
      (reason.trim() ? { reason } : {}) satisfies EscalateRequest,
    ),
  stage: (roomId: string, signal?: AbortSignal) =>
    call<StageListResponse>('GET', `${r(roomId)}/stage`, undefined, signal),
  raiseHand: (roomId: string, raised: boolean) =>
    call<StageEntryDto>('POST', `${r(roomId)}/hand`, { raised }),
  setOnStage: (roomId: string, identity: string, onStage: boolean) =>
    call<StageEntryDto>('POST', `${r(roomId)}/stage/${encodeURIComponent(identity)}`, { onStage }),
  /** Asks the server to re-apply the caller's stage permission (after a reconnect lost it). */
  syncStage: (roomId: string) => call<StageEntryDto | null>('POST', `${r(roomId)}/stage-sync`),
  mute: (roomId: string, identity: string) =>
    call<{ muted: string[] }>('POST', `${who(roomId, identity)}/mute`),
  muteAll: (roomId: string) => call<{ participants: number; muted: number }>('POST', `${r(roomId)}/mute-all`),
  remove: (roomId: string, identity: string) => call<null>('POST', `${who(roomId, identity)}/remove`),
  end: (roomId: string) => call<QaSettingsDto & { mediaClosed: boolean }>('POST', `${r(roomId)}/end`),
};

export type QaApi = typeof qaApi;
