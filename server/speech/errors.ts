/** What went wrong, in a form a caller can branch on. */
export type SpeechErrorCode =
  /** A program or model this provider needs is not on the machine; the message says how to install it. */
  | 'not_installed'
  /** The input cannot be processed (too long, wrong sample rate, empty where not allowed). */
  | 'bad_input'
  /** The work took longer than its `timeoutMs`. */
  | 'timeout'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The engine's process died or said something we could not parse. */
  | 'engine_failed'
  /** A remote provider refused or failed the request. */
  | 'provider_failed';

/** The speech area's error base: every failure from server/speech is one of these. */
export class SpeechError extends Error {
  readonly code: SpeechErrorCode;
  /** True when the same call may succeed if tried again (a restarted process, a 5xx, a timeout). */
  readonly retryable: boolean;

  constructor(
    code: SpeechErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SpeechError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** The error to throw when `signal` has fired. */
export function abortError(signal?: AbortSignal): SpeechError {
  return new SpeechError('aborted', 'speech work was cancelled', { cause: signal?.reason });
}

/** Throws the abort error if `signal` has already fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Wraps anything thrown into a SpeechError, keeping SpeechErrors as they are. */
export function toSpeechError(
  err: unknown,
  code: SpeechErrorCode,
  message: string,
  retryable = false,
): SpeechError {
  if (err instanceof SpeechError) return err;
  return new SpeechError(code, message, { retryable, cause: err });
}
