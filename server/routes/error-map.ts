import { AuthError } from '../auth/index.ts';
import { HttpError } from '../http/index.ts';
import { LivekitError } from '../livekit/index.ts';
import { RoomError } from '../rooms/index.ts';
import { StoreError } from '../store/index.ts';

const ROOM_STATUS = {
  room_not_found: 404,
  room_exists: 409,
  room_full: 409,
  invite_not_found: 404,
  identity_taken: 503,
} as const;

const AUTH_STATUS = {
  invite_invalid: 403,
  invite_expired: 403,
  invite_revoked: 403,
  invite_wrong_room: 403,
  invite_required: 403,
  no_session: 401,
  name_invalid: 400,
} as const;

/** Domain errors as HTTP responses; their messages are written for the person who sees them. */
export function mapDomainError(err: unknown): HttpError | undefined {
  if (err instanceof RoomError) {
    return new HttpError(ROOM_STATUS[err.code], err.code, err.message, {
      cause: err,
      retryable: err.retryable,
    });
  }
  if (err instanceof AuthError)
    return new HttpError(AUTH_STATUS[err.code], err.code, err.message, { cause: err });
  if (err instanceof LivekitError && err.code === 'reserved_identity') {
    return new HttpError(403, err.code, err.message, { cause: err });
  }
  if (err instanceof StoreError) {
    return new HttpError(503, 'database_unavailable', 'The database is unavailable; try again shortly.', {
      cause: err,
      retryable: true,
    });
  }
  return undefined;
}
