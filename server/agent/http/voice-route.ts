import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { AuthError, SESSION_COOKIE, readSession } from '../../auth/index.ts';
import { HttpError } from '../../http/index.ts';
import type { VoiceQuestions } from '../speech-in/voice-questions.ts';

export interface VoiceRouteDeps {
  sessionSecret: string;
  /** Null when speech in is not available (no twin runtime): the route answers 503. */
  voice: () => Promise<VoiceQuestions | null>;
  /** Recordings one person may send per minute (default 6). */
  perMinute?: number;
}

const WAV_TYPES = /^audio\/(wav|wave|x-wav|vnd\.wave)\b/i;

/**
 * `POST /rooms/:id/voice-question`: a push-to-talk recording (16-bit mono WAV) → its transcript, for
 * the asker to confirm or edit. Nothing is stored: the confirmed text goes through the normal
 * question API (moderation, limits and audit all apply there).
 */
export function voiceRoutes(deps: VoiceRouteDeps): Hono {
  const app = new Hono();
  const perMinute = deps.perMinute ?? 6;
  const recent = new Map<string, number[]>();
  const busy = new Set<string>();

  app.post('/rooms/:id/voice-question', async (c) => {
    const session = readSession(deps.sessionSecret, getCookie(c, SESSION_COOKIE));
    if (!session) throw new AuthError('no_session', 'Not joined: no valid session. Join a room first.');
    const roomId = c.req.param('id');
    if (session.roomId !== roomId) {
      throw new HttpError(403, 'wrong_room', `Your session is for room "${session.roomId}", not "${roomId}"`);
    }
    const type = c.req.header('content-type') ?? '';
    if (!WAV_TYPES.test(type)) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `Expected audio/wav, got ${type || 'no content type'}`,
      );
    }
    const who = session.identity;
    const now = Date.now();
    const times = (recent.get(who) ?? []).filter((t) => now - t < 60_000);
    if (busy.has(who) || times.length >= perMinute) {
      throw new HttpError(429, 'rate_limited', 'Too many voice questions; wait a moment and try again', {
        retryable: true,
        headers: { 'Retry-After': '10' },
      });
    }
    const voice = await deps.voice();
    if (!voice) {
      throw new HttpError(
        503,
        'voice_unavailable',
        'Voice questions are not available here; type your question instead',
      );
    }
    recent.set(who, [...times, now]);
    busy.add(who);
    try {
      const wav = new Uint8Array(await c.req.arrayBuffer());
      const transcript = await voice.transcribe(wav, c.req.raw.signal);
      return c.json(transcript, 200, { 'Cache-Control': 'no-store' });
    } finally {
      busy.delete(who);
    }
  });
  return app;
}
