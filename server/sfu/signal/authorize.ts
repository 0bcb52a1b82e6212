import type { JoinRequest } from '@livekit/protocol';
import type { VerifiedClaims } from '../auth/grants.ts';
import type { SfuContext } from '../context.ts';
import { SfuError } from '../errors.ts';
import { validateRoomName } from '../room/room-manager.ts';
import { decodeJoinRequest } from './codec.ts';

export interface JoinAuthorization {
  claims: VerifiedClaims;
  roomName: string;
  joinRequest: JoinRequest | undefined;
}

/**
 * Everything a join must pass before the WebSocket is accepted; the validate endpoints run the
 * same checks so clients get the same answer there.
 */
export async function authorizeJoin(
  ctx: SfuContext,
  token: string | undefined,
  joinRequestParam: string | null | undefined,
): Promise<JoinAuthorization> {
  const claims = await ctx.verifier.verify(token);
  if (!claims.video.roomJoin) throw new SfuError('permission_denied', 'token has no roomJoin grant');
  const roomName = claims.video.room ?? '';
  if (!roomName) throw new SfuError('permission_denied', 'token names no room');
  validateRoomName(roomName);
  if (!claims.identity) throw new SfuError('unauthenticated', 'token has no identity');
  if (claims.identity.length > 256) throw new SfuError('invalid_argument', 'identity too long');
  const joinRequest = joinRequestParam ? decodeJoinRequest(joinRequestParam, ctx.limits) : undefined;
  const room = ctx.rooms.get(roomName);
  if (room && !room.hasRoomFor(claims.identity)) throw new SfuError('resource_exhausted', 'room is full');
  return { claims, roomName, joinRequest };
}

/**
 * HTTP status for a refused join, chosen for how the SDKs react: 401/403 mean "not allowed"
 * (they stop), 400 is a client bug, anything else is retried.
 */
export function joinRefusalStatus(err: SfuError): number {
  switch (err.code) {
    case 'unauthenticated':
      return 401;
    case 'permission_denied':
    case 'resource_exhausted':
      return 403;
    case 'invalid_argument':
    case 'malformed':
      return 400;
    default:
      return 500;
  }
}
