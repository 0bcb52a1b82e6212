import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** Paths polled by orchestrators; logged at debug so they do not drown real traffic. */
const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/**
 * Logs one line per request after the response is known: method, path (never the query, which may
 * carry an invite token), status and duration. Server errors are logged at error
 * level; 503 (not ready, client not built) at warn.
 */
export function requestLogger(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const startMs = performance.now();
    await next();
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - startMs) * 10) / 10,
    };
    if (status >= 500 && status !== 503) log.error(fields, 'request failed');
    else if (status === 503) log.warn(fields, 'request unavailable');
    else if (QUIET_PATHS.has(c.req.path)) log.debug(fields, 'request');
    else log.info(fields, 'request');
  };
}
