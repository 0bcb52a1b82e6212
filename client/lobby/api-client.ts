import type { ConfigResponse, JoinRequest, JoinResponse } from '../../common/api.ts';
import { ApiError, errorFromResponse } from './api-error.ts';

export interface ApiOptions {
  /** Base URL; defaults to the page's origin. */
  baseUrl?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** GET /api/config */
export function fetchConfig(options: ApiOptions = {}): Promise<ConfigResponse> {
  return request<ConfigResponse>('GET', '/api/config', undefined, options, isConfig);
}

/** POST /api/join — returns the session, the room and the LiveKit token. */
export function joinRoom(body: JoinRequest, options: ApiOptions = {}): Promise<JoinResponse> {
  return request<JoinResponse>('POST', '/api/join', body, options, isJoinResponse);
}

async function request<T>(
  method: string,
  path: string,
  body: unknown,
  options: ApiOptions,
  check: (v: unknown) => v is T,
): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    const init: RequestInit = { method, signal, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    }
    res = await fetch(new URL(path, options.baseUrl ?? location.origin), init);
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    const timedOut = timeout.aborted;
    throw new ApiError(
      'network',
      timedOut
        ? 'The server did not answer in time. Check your connection and try again.'
        : 'Cannot reach the server. Check your connection and try again.',
      0,
      true,
      { cause },
    );
  }
  const text = await res.text();
  if (!res.ok) throw errorFromResponse(res.status, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ApiError('bad_response', 'The server sent an unreadable answer.', res.status, true, { cause });
  }
  if (!check(parsed))
    throw new ApiError('bad_response', 'The server sent an unexpected answer.', res.status, false);
  return parsed;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isConfig(v: unknown): v is ConfigResponse {
  return isObject(v) && typeof v.livekitUrl === 'string' && typeof v.defaultRoomId === 'string';
}

function isJoinResponse(v: unknown): v is JoinResponse {
  if (!isObject(v) || !isObject(v.session) || !isObject(v.room) || !isObject(v.livekit)) return false;
  return (
    typeof v.session.identity === 'string' &&
    typeof v.session.role === 'string' &&
    typeof v.livekit.url === 'string' &&
    typeof v.livekit.token === 'string'
  );
}
