/**
 * The SFU's error base. `code` follows Twirp's vocabulary so RoomService errors map one-to-one
 * onto the wire; signal-path errors use the same codes in logs and events.
 */
export type SfuErrorCode =
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'invalid_argument'
  | 'malformed'
  | 'already_exists'
  | 'resource_exhausted'
  | 'failed_precondition'
  | 'unimplemented'
  | 'internal';

export class SfuError extends Error {
  readonly code: SfuErrorCode;
  readonly retryable: boolean;

  constructor(code: SfuErrorCode, message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SfuError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
  }
}

/** Wraps anything thrown into an SfuError, keeping SfuErrors as they are. */
export function toSfuError(err: unknown, fallbackMessage = 'internal error'): SfuError {
  if (err instanceof SfuError) return err;
  return new SfuError('internal', fallbackMessage, { cause: err });
}
