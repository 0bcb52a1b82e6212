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
