import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface HttpErrorOptions {
  cause?: unknown;
  /** Whether the same request may succeed later (e.g. 503 while starting). */
  retryable?: boolean;
  /** Extra response headers, e.g. WWW-Authenticate. */
  headers?: Record<string, string>;
}

/**
 * An error that knows its HTTP response, like Hono's HTTPException. The message is shown to the
 * client, so it must be safe and helpful; internals belong in `cause`, which is only logged.
 */
export class HttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly retryable: boolean;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, code: string, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.retryable = options.retryable ?? status >= 500;
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
