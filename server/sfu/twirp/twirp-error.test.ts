import { describe, expect, it } from 'vitest';
import { twirpErrorResponse } from './twirp-error.ts';

describe('Twirp errors', () => {
  it('uses the Twirp status codes and JSON shape livekit-server-sdk parses', async () => {
    const cases: Array<[Parameters<typeof twirpErrorResponse>[0], number]> = [
      ['invalid_argument', 400],
      ['malformed', 400],
      ['unauthenticated', 401],
      ['permission_denied', 403],
      ['not_found', 404],
      ['bad_route', 404],
      ['failed_precondition', 412],
      ['internal', 500],
    ];
    for (const [code, status] of cases) {
      const res = twirpErrorResponse(code, 'why');
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ code, msg: 'why', meta: {} });
    }
  });
});
