import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { AuthError, SESSION_COOKIE, readSession, type Session } from '../../auth/index.ts';
import { HttpError } from '../../http/index.ts';
import { sameOriginWsUrl } from '../../livekit/index.ts';
import type { VoiceAsks } from '../speech-in/voice-asks.ts';
import type { VoiceRouteDeps } from './voice-route.ts';

/** Per-person limits shared with the WAV route: recordings per minute, one at a time. */
export interface VoiceLimiter {
  /** Throws 429 when `who` is over the limit; otherwise counts one. */
  take(who: string): void;
}

/**
 * The booth routes: `POST /rooms/:id/voice-ask` opens a booth with the twin listening,
 * `POST …/voice-ask/:askId/finish` transcribes what the asker published, `DELETE …/voice-ask/:askId`
 * cancels. Same session, 403, 429 and 503 rules as `voice-question`.
 */
export function mountVoiceAskRoutes(app: Hono, deps: VoiceRouteDeps, limiter: VoiceLimiter): void {
  const asks = async (): Promise<VoiceAsks> => {
    const voice = await deps.voice();
    if (!voice?.asks) {
      throw new HttpError(
        503,
        'voice_unavailable',
        'Voice questions are not available here; type your question instead',
      );
    }
    return voice.asks;
  };

  app.post('/rooms/:id/voice-ask', async (c) => {
    const session = sessionFor(c, deps.sessionSecret);
    const voiceAsks = await asks();
    limiter.take(session.identity);
    const url = deps.livekitUrl
      ? deps.livekitUrl(c.req.url, c.req.header('x-forwarded-proto'))
      : sameOriginWsUrl(c.req.url, c.req.header('x-forwarded-proto'));
    const ask = await voiceAsks.open(session.roomId, session.identity, url);
    return c.json(ask, 201, { 'Cache-Control': 'no-store' });
  });

  app.post('/rooms/:id/voice-ask/:askId/finish', async (c) => {
    const session = sessionFor(c, deps.sessionSecret);
    const voiceAsks = await asks();
    const transcript = await voiceAsks.finish(
      session.roomId,
      session.identity,
      c.req.param('askId'),
      c.req.raw.signal,
    );
    return c.json(transcript, 200, { 'Cache-Control': 'no-store' });
  });

  app.delete('/rooms/:id/voice-ask/:askId', async (c) => {
    const session = sessionFor(c, deps.sessionSecret);
    const voiceAsks = await asks();
    await voiceAsks.cancel(session.roomId, session.identity, c.req.param('askId'));
    return c.body(null, 204);
  });
}

/** The session for the room in the path: 401 without one, 403 for another room. */
export function sessionFor(c: Context, secret: string): Session {
  const session = readSession(secret, getCookie(c, SESSION_COOKIE));
  if (!session) throw new AuthError('no_session', 'Not joined: no valid session. Join a room first.');
  const roomId = c.req.param('id') ?? '';
  if (session.roomId !== roomId) {
    throw new HttpError(403, 'wrong_room', `Your session is for room "${session.roomId}", not "${roomId}"`);
  }
  return session;
}
