export { adminAuth } from './admin-auth.ts';
export { AuthError, type AuthErrorCode } from './errors.ts';
export {
  NAME_MAX_CHARS,
  displayNameSchema,
  isReservedIdentity,
  makeIdentity,
  randomSuffix,
  slugOf,
} from './identity.ts';
export { signInvite, verifyInvite, type InviteClaims } from './invite-token.ts';
export {
  SESSION_COOKIE,
  SESSION_TTL_S,
  readSession,
  signSession,
  toSessionDto,
  type Session,
} from './session.ts';
export { secretsEqual } from './signed-token.ts';
