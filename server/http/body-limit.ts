import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from './error-body.ts';

/** JSON API bodies are small; anything larger is refused before it is buffered. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/** 413 `payload_too_large` for bodies over `maxBytes` (by Content-Length, or counted while streaming). */
export function jsonBodyLimit(maxBytes = JSON_BODY_LIMIT_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      errorResponse(
        c,
        413,
        'payload_too_large',
        `Request body is larger than ${Math.round(maxBytes / 1024)} KiB`,
      ),
  });
}

/** An upload route that may take a larger body than the JSON default. */
export interface LargeBodyRoute {
  /** Matched against the request path, e.g. /^\/api\/rooms\/[^/]+\/voice-question$/. */
  path: RegExp;
  maxBytes: number;
}

/**
 * The API's body limit: `maxBytes` for everything, except the upload routes listed, which get their
 * own (larger) limit. Each request is checked against exactly one limit, before it is buffered.
 */
export function apiBodyLimit(
  uploads: readonly LargeBodyRoute[],
  maxBytes = JSON_BODY_LIMIT_BYTES,
): MiddlewareHandler {
  const fallback = jsonBodyLimit(maxBytes);
  const special = uploads.map((u) => ({ path: u.path, limit: jsonBodyLimit(u.maxBytes) }));
  return (c, next) => {
    const route = special.find((s) => s.path.test(c.req.path));
    return (route?.limit ?? fallback)(c, next);
  };
}
