/** Errors of the lobby's HTTP calls, carrying the server's `{error:{code,message}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** The server's error code, or `network` / `bad_response` for failures before one arrived. */
    readonly code: string,
    message: string,
    /** HTTP status, 0 when the request never got an answer. */
    readonly status: number,
    /** Worth trying again (network trouble, 5xx, 429). */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Builds an ApiError from a non-2xx response body, whatever shape it has. */
export function errorFromResponse(status: number, bodyText: string): ApiError {
  const retryable = status >= 500 || status === 429;
  try {
    const body = JSON.parse(bodyText) as unknown;
    if (body && typeof body === 'object' && 'error' in body) {
      const err = (body as { error: unknown }).error;
      if (err && typeof err === 'object') {
        const { code, message } = err as { code?: unknown; message?: unknown };
        if (typeof message === 'string' && message) {
          return new ApiError(typeof code === 'string' ? code : 'error', message, status, retryable);
        }
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to a generic message.
  }
  const generic =
    status >= 500
      ? 'The server had a problem. Please try again in a moment.'
      : `The server refused the request (HTTP ${status}).`;
  return new ApiError(status >= 500 ? 'server_error' : 'http_error', generic, status, retryable);
}
