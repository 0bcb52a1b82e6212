import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { bearerToken } from './auth/verify.ts';
import type { SfuContext } from './context.ts';
import { toSfuError } from './errors.ts';
import { authorizeJoin, joinRefusalStatus } from './signal/authorize.ts';
import { handleTwirp } from './twirp/handler.ts';

/**
 * The SFU's HTTP routes. Validate answers the question SDKs ask after a failed WebSocket
 * upgrade: 200 "success", or 401/403 with the reason as the body, which they report as
 * "not allowed" and do not retry.
 */
export function createSfuRoutes(ctx: SfuContext): Hono {
  const app = new Hono();
  const validate = async (c: Context): Promise<Response> => {
    const token = c.req.query('access_token') ?? bearerToken(c.req.header('authorization'));
    try {
      await authorizeJoin(ctx, token, c.req.query('join_request'));
      return c.text('success', 200);
    } catch (err) {
      const e = toSfuError(err);
      return c.text(e.message, joinRefusalStatus(e) as 400 | 401 | 403 | 500);
    }
  };
  // Browsers call validate from the page's origin, which need not be the SFU's (LiveKit allows any).
  const allowAnyOrigin = cors({ origin: '*', allowMethods: ['GET'] });
  app.use('/rtc/validate', allowAnyOrigin);
  app.use('/rtc/v1/validate', allowAnyOrigin);
  app.get('/rtc/validate', validate);
  app.get('/rtc/v1/validate', validate);
  app.post('/twirp/livekit.RoomService/:method', (c) => handleTwirp(ctx, c));
  return app;
}
