import type { SfuError, SfuErrorCode } from '../errors.ts';

/** Twirp's HTTP status per error code (https://twitchtv.github.io/twirp/docs/spec_v7.html). */
const STATUS: Record<SfuErrorCode | 'bad_route', number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
};

export interface TwirpErrorBody {
  code: string;
  msg: string;
  meta: Record<string, string>;
}

export function twirpErrorResponse(code: SfuErrorCode | 'bad_route', msg: string): Response {
  const body: TwirpErrorBody = { code, msg, meta: {} };
  // livekit-server-sdk only parses the JSON error when the content type is exactly this.
  return new Response(JSON.stringify(body), {
    status: STATUS[code],
    headers: { 'Content-Type': 'application/json' },
  });
}

export function twirpErrorFrom(err: SfuError): Response {
  return twirpErrorResponse(err.code, err.message);
}
