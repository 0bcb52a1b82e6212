export type QaErrorCode =
  | 'question_not_found'
  | 'room_not_found'
  | 'wrong_room'
  | 'forbidden'
  | 'illegal_transition'
  | 'not_votable'
  | 'invalid_merge'
  | 'invalid_answer'
  | 'rate_limited'
  | 'session_ended'
  | 'media_unavailable'
  | 'participant_not_found'
  | 'reserved_identity';

/** HTTP status per code; the routes' error mapper uses it. */
export const QA_ERROR_STATUS = {
  question_not_found: 404,
  room_not_found: 404,
  wrong_room: 403,
  forbidden: 403,
  illegal_transition: 409,
  not_votable: 409,
  invalid_merge: 409,
  invalid_answer: 400,
  rate_limited: 429,
  session_ended: 409,
  media_unavailable: 503,
  participant_not_found: 404,
  reserved_identity: 403,
} as const satisfies Record<QaErrorCode, number>;

/** A Q&A request that cannot be done. The message is shown to the person who asked. */
export class QaError extends Error {
  readonly code: QaErrorCode;
  readonly retryable: boolean;
  /** For `rate_limited` (and `media_unavailable`): when trying again may work. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: QaErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QaError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? (code === 'rate_limited' || code === 'media_unavailable');
  }
}

export const questionNotFound = (id: string) =>
  new QaError('question_not_found', `There is no question "${id}" in your room`);
