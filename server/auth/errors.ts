export type AuthErrorCode =
  | 'invite_invalid'
  | 'invite_expired'
  | 'invite_revoked'
  | 'invite_wrong_room'
  | 'invite_required'
  | 'no_session'
  | 'name_invalid';

/** Why a person may not do what they asked. Messages are shown to them: clear, and safe to show. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly retryable = false;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthError';
    this.code = code;
  }
}
