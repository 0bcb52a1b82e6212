import { Hono } from 'hono';
import type { ConfigResponse } from '../../common/api.ts';
import { parseParam } from '../http/index.ts';
import { sameOriginWsUrl } from '../livekit/index.ts';
import { DEFAULT_ROOM, roomIdSchema, roomNotFound } from '../rooms/index.ts';
import type { AppDeps } from './deps.ts';

/** The LiveKit URL clients should use: the configured deployment, or our own port for the embedded SFU. */
export function livekitUrlFor(
  deps: Pick<AppDeps, 'config'>,
  requestUrl: string,
  forwardedProto?: string,
): string {
  const media = deps.config.media;
  return media.mode === 'external' ? media.url : sameOriginWsUrl(requestUrl, forwardedProto);
}

/** Public, session-less routes: client configuration and room info for the lobby. */
export function publicRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/config', (c) => {
    const body: ConfigResponse = {
      version: deps.version,
      livekitUrl: livekitUrlFor(deps, c.req.url, c.req.header('x-forwarded-proto')),
      defaultRoomId: DEFAULT_ROOM.id,
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  app.get('/rooms/:id', async (c) => {
    const id = parseParam('id', roomIdSchema, c.req.param('id'));
    const room = await deps.rooms.get(id);
    if (!room) throw roomNotFound(id);
    return c.json(room);
  });

  return app;
}
