/** What went wrong in the twin's LiveKit participant, in a form a caller can branch on. */
export type TwinParticipantErrorCode =
  /** An argument is malformed (utterance id, state, segment format). */
  | 'bad_input'
  /** The first connection failed (token, URL, refused by the server). */
  | 'connect_failed'
  /** The operation needs a live connection and there is none right now (a re-join is under way). */
  | 'not_connected'
  /** close() was called: the participant is gone for good. */
  | 'closed'
  /** The segment source (synthesis) failed part-way through an utterance. */
  | 'source_failed'
  /** LiveKit refused an operation (publish, data, attributes). */
  | 'livekit_failed';

/** The twin participant's error base. */
export class TwinParticipantError extends Error {
  readonly code: TwinParticipantErrorCode;
  /** True when the same call may succeed later (e.g. after the automatic re-join). */
  readonly retryable: boolean;

  constructor(
    code: TwinParticipantErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TwinParticipantError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
