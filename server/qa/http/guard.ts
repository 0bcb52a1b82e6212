import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { roleAtLeast, type Role } from '../../../common/roles.ts';
import { AuthError, SESSION_COOKIE, readSession } from '../../auth/index.ts';
import { HttpError, parseWith } from '../../http/index.ts';
import { QA_ERROR_STATUS, QaError } from '../errors.ts';
import type { Actor } from '../service.ts';

/** The caller, from the signed session cookie; 401 `no_session` without a valid one. */
export function actorOf(c: Context, sessionSecret: string): Actor {
  const session = readSession(sessionSecret, getCookie(c, SESSION_COOKIE));
  if (!session) throw new AuthError('no_session', 'Not joined: no valid session. Join a room first.');
  return { identity: session.identity, name: session.name, role: session.role, roomId: session.roomId };
}

/** The caller's session is for one room; a path naming another room is refused. */
export function inRoom(actor: Actor, roomId: string): Actor {
  if (actor.roomId !== roomId) {
    throw new QaError('wrong_room', `Your session is for room "${actor.roomId}", not "${roomId}"`);
  }
  return actor;
}

const ROLE_NAMES: Record<Role, string> = {
  attendee: 'attendees',
  moderator: 'moderators',
  host: 'hosts',
  admin: 'admins',
};

/** 403 unless the caller has at least `min`; the message says who may do `what`. */
export function requireRole(actor: Actor, min: Role, what: string): Actor {
  if (!roleAtLeast(actor.role, min)) {
    const who = min === 'admin' ? 'admins' : `${ROLE_NAMES[min]} and above`;
    throw new QaError(
      'forbidden',
      `Only ${who} may ${what}; you are ${actor.role === 'attendee' ? 'an' : 'a'} ${actor.role}`,
    );
  }
  return actor;
}

/** QaError as the HTTP error the app's error handler answers with (429 carries Retry-After). */
export function toHttpError(err: unknown): unknown {
  if (!(err instanceof QaError)) return err;
  const headers: Record<string, string> = {};
  if (err.retryAfterMs !== undefined)
    headers['Retry-After'] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
  return new HttpError(QA_ERROR_STATUS[err.code], err.code, err.message, {
    cause: err,
    retryable: err.retryable,
    headers,
  });
}

/**
 * A JSON body that may be left out (e.g. `POST …/approve`): empty means `{}`. A body that is sent
 * must be JSON (415 otherwise, so a cross-site form cannot post one) and valid (400).
 */
export async function readOptionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  if (text.trim() === '') return parseWith(schema, {});
  const type = c.req.header('content-type');
  if (!type || !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `Expected a JSON body (application/json), got ${type ?? 'no content type'}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new HttpError(
      400,
      'invalid_json',
      `Request body is not valid JSON${err instanceof SyntaxError ? `: ${err.message}` : ''}`,
    );
  }
  return parseWith(schema, data);
}

export const questionIdSchema = z
  .string({ error: 'must be a string' })
  .regex(/^q_[A-Za-z0-9_-]{12}$/, { error: 'is not a question id' });

export const identitySchema = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, { error: 'is not a participant identity' });

/**
 * `c.json` with `<`, `>` and `&` escaped as \u003c, \u003e, \u0026: the same JSON to any parser,
 * but a question carrying markup can never be read as HTML, even by a content sniffer.
 */
export function sendJson(
  c: Context,
  body: unknown,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body).replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
  return c.body(text, status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
}
