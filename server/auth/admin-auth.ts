import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../http/index.ts';
import { secretsEqual } from './signed-token.ts';

/**
 * Admin API guard: `Authorization: Bearer <ADMIN_SECRET>`. 401 without credentials (with a
 * WWW-Authenticate challenge), 403 with wrong ones. The comparison is constant-time.
 */
export function adminAuth(adminSecret: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new HttpError(401, 'unauthorized', 'Admin API: send Authorization: Bearer <ADMIN_SECRET>', {
        headers: { 'WWW-Authenticate': 'Bearer realm="podium-admin"' },
      });
    }
    if (!secretsEqual(match[1], adminSecret)) {
      throw new HttpError(403, 'forbidden', 'Admin API: the admin secret is wrong');
    }
    await next();
  };
}
