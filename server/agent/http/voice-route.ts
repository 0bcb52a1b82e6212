import { Hono } from 'hono';
import { HttpError } from '../../http/index.ts';
import type { VoiceQuestions } from '../speech-in/voice-questions.ts';
import { mountVoiceAskRoutes, sessionFor, type VoiceLimiter } from './voice-ask-route.ts';

export interface VoiceRouteDeps {
  sessionSecret: string;
  /** Null when speech in is not available (no twin runtime): the routes answer 503. */
  voice: () => Promise<VoiceQuestions | null>;
  /** Recordings (uploads and booth asks together) one person may send per minute (default 6). */
  perMinute?: number;
  /** The LiveKit URL as the browser sees it (default: this server's own origin, the embedded SFU). */
  livekitUrl?: (requestUrl: string, forwardedProto?: string) => string;
}

const WAV_TYPES = /^audio\/(wav|wave|x-wav|vnd\.wave)\b/i;

/**
 * Speech in. `POST /rooms/:id/voice-ask` (+ `/finish`, `DELETE`): the asker publishes the microphone
 * into a private booth room where the twin listens (see voice-ask-route.ts). `POST
 * /rooms/:id/voice-question`: the fallback, a push-to-talk recording (16-bit mono WAV) uploaded
 * whole. Both answer with the transcript for the asker to confirm or edit. Nothing is stored: the
 * confirmed text goes through the normal question API (moderation, limits and audit all apply there).
 */
export function voiceRoutes(deps: VoiceRouteDeps): Hono {
  const app = new Hono();
  const perMinute = deps.perMinute ?? 6;
  const recent = new Map<string, number[]>();
  const busy = new Set<string>();

  const limiter: VoiceLimiter = {
    take(who) {
      const now = Date.now();
      const times = (recent.get(who) ?? []).filter((t) => now - t < 60_000);
      if (busy.has(who) || times.length >= perMinute) {
        throw new HttpError(429, 'rate_limited', 'Too many voice questions; wait a moment and try again', {
          retryable: true,
          headers: { 'Retry-After': '10' },
        });
      }
      recent.set(who, [...times, now]);
    },
  };

  mountVoiceAskRoutes(app, deps, limiter);

  app.post('/rooms/:id/voice-question', async (c) => {
    const session = sessionFor(c, deps.sessionSecret);
    const type = c.req.header('content-type') ?? '';
    if (!WAV_TYPES.test(type)) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `Expected audio/wav, got ${type || 'no content type'}`,
      );
    }
    const who = session.identity;
    if (busy.has(who)) limiter.take(who); // throws: one upload at a time
    const voice = await deps.voice();
    if (!voice) {
      throw new HttpError(
        503,
        'voice_unavailable',
        'Voice questions are not available here; type your question instead',
      );
    }
    limiter.take(who);
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
