import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { JoinResponse } from '../../common/api.ts';
import {
  AuthError,
  SESSION_COOKIE,
  SESSION_TTL_S,
  readSession,
  signSession,
  toSessionDto,
} from '../auth/index.ts';
import { readJson } from '../http/index.ts';
import { joinRequestSchema, joinRoom } from '../rooms/index.ts';
import type { AppDeps } from './deps.ts';
import { livekitUrlFor } from './public.ts';
import { isHttps } from './request-origin.ts';

/** Joining a room, reading the session back, and leaving. */
export function sessionRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const log = deps.log.child({ module: 'join' });

  app.post('/join', async (c) => {
    const input = await readJson(c, joinRequestSchema);
    // A session cookie from an earlier join of this browser: a rejoin after a lost connection.
    const previous = readSession(deps.config.sessionSecret, getCookie(c, SESSION_COOKIE));
    const result = await joinRoom(
      {
        rooms: deps.rooms,
        invites: deps.invites,
        participants: deps.participants,
        sessionSecret: deps.config.sessionSecret,
        livekitKeys: deps.config.media,
        counter: deps.counter,
        log,
      },
      input,
    );
    if (previous && previous.roomId === result.room.id && previous.identity !== result.session.identity) {
      // Whoever was brought on stage keeps the stage when they rejoin (the new identity asks
      // LiveKit for the permission once connected). Never fail the join over it.
      await deps.qa.stage
        .carryOver(result.room.id, previous.identity, {
          identity: result.session.identity,
          name: result.session.name,
        })
        .catch((err: unknown) => log.warn({ err, roomId: result.room.id }, 'stage carry-over failed'));
    }
    setCookie(c, SESSION_COOKIE, signSession(deps.config.sessionSecret, result.session), {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c),
      path: '/',
      maxAge: SESSION_TTL_S,
    });
    deps.twin?.roomJoined(result.room.id);
    const body: JoinResponse = {
      session: toSessionDto(result.session),
      room: result.room,
      livekit: {
        url: livekitUrlFor(deps, c.req.url, c.req.header('x-forwarded-proto')),
        token: result.livekitToken,
      },
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  app.get('/session', (c) => {
    const session = readSession(deps.config.sessionSecret, getCookie(c, SESSION_COOKIE));
    if (!session) throw new AuthError('no_session', 'Not joined: no valid session. Join a room first.');
    return c.json(toSessionDto(session), 200, { 'Cache-Control': 'no-store' });
  });

  app.post('/leave', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
    return c.body(null, 204);
  });

  return app;
}
