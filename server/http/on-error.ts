import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { errorResponse } from './error-body.ts';
import { HttpError } from './http-error.ts';
import { formatZodError } from './validate.ts';

/** Turns an area's own error (rooms, auth, ...) into an HttpError, or returns undefined. */
export type DomainErrorMapper = (err: unknown) => HttpError | undefined;

const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'unavailable',
};

/**
 * The single place errors become responses. Known errors keep their status and message; anything
 * else is a bug: logged with its stack, answered as a bare 500 that leaks nothing.
 */
export function createErrorHandler(log: Logger, mapDomainError?: DomainErrorMapper): ErrorHandler {
  return (err, c) => {
    const http = toHttpError(err, mapDomainError);
    if (http) {
      // A deliberate 503 (a service this deployment runs without) is a condition, not a bug: a
      // warning without a stack. Other 5xx answers are logged with the cause for the operator.
      if (http.status === 503) log.warn({ code: http.code, path: c.req.path }, 'service unavailable');
      else if (http.status >= 500) log.error({ err, code: http.code, path: c.req.path }, 'request error');
      return errorResponse(c, http.status, http.code, http.message, http.headers);
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return errorResponse(c, 500, 'internal', 'Internal server error');
  };
}

/** The client went away while we read its body: nothing went wrong on our side. */
function isClientAbort(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === 'ECONNRESET' && e.message === 'aborted';
}

function toHttpError(err: unknown, mapDomainError?: DomainErrorMapper): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (isClientAbort(err))
    return new HttpError(400, 'request_aborted', 'The request was aborted by the client');
  if (err instanceof ZodError) return new HttpError(400, 'invalid_request', formatZodError(err));
  const mapped = mapDomainError?.(err);
  if (mapped) return mapped;
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request');
    // Hono's own exceptions carry safe, short messages; keep them but never expose a 5xx's text.
    const message = status >= 500 ? 'Internal server error' : err.message || code.replaceAll('_', ' ');
    return new HttpError(status, code, message, { cause: err });
  }
  return undefined;
}

/** JSON 404 for unknown routes (the SPA fallback answers GETs outside /api first). */
export const jsonNotFound: NotFoundHandler = (c: Context) =>
  errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
