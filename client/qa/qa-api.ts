/** The Q&A HTTP API as the panel uses it (session cookie auth, same origin). */
import type {
  AnswerRequest,
  DismissRequest,
  QuestionListResponse,
  QuestionView,
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
  live: (id: string) => call<QuestionView>('POST', `${q(id)}/live`),
  answerWritten: (id: string, text: string) =>
    call<QuestionView>('POST', `${q(id)}/answer`, { mode: 'written', text } satisfies AnswerRequest),
};

export type QaApi = typeof qaApi;
