export type RoomErrorCode =
  'room_not_found' | 'room_exists' | 'room_full' | 'invite_not_found' | 'identity_taken';

export class RoomError extends Error {
  readonly code: RoomErrorCode;
  readonly retryable: boolean;

  constructor(code: RoomErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RoomError';
    this.code = code;
    // A full room may have a seat later; a clashing identity is retried with a new suffix.
    this.retryable = code === 'room_full' || code === 'identity_taken';
  }
}
