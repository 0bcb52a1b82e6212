import { z } from 'zod';
import { ROLES, type Role } from '../../common/roles.ts';
import { AuthError } from './errors.ts';
import { deriveKey, signToken, verifyToken } from './signed-token.ts';

/** What an invite link grants: a role in one room until a time. */
export interface InviteClaims {
  inviteId: string;
  roomId: string;
  role: Role;
  /** Unix seconds. */
  expiresAtS: number;
}

const payloadSchema = z.object({
  v: z.literal(1),
  i: z.string().min(1).max(64),
  r: z.string().min(1).max(64),
  o: z.enum(ROLES),
  e: z.number().int().positive(),
});

/** Signs invite claims into the token that goes into `?invite=` links. Deterministic for the same claims. */
export function signInvite(sessionSecret: string, claims: InviteClaims): string {
  return signToken(deriveKey(sessionSecret, 'invite'), {
    v: 1,
    i: claims.inviteId,
    r: claims.roomId,
    o: claims.role,
    e: claims.expiresAtS,
  });
}

/**
 * Checks signature, expiry and room. Throws AuthError: `invite_invalid` (forged, truncated, not an
 * invite), `invite_expired`, `invite_wrong_room`. Revocation needs the database: see the join service.
 */
export function verifyInvite(
  sessionSecret: string,
  token: string,
  roomId: string,
  nowMs = Date.now(),
): InviteClaims {
  const parsed = payloadSchema.safeParse(verifyToken(deriveKey(sessionSecret, 'invite'), token.trim()));
  if (!parsed.success) {
    throw new AuthError('invite_invalid', 'This invite link is not valid. Ask the organizer for a new one.');
  }
  const p = parsed.data;
  if (p.e * 1000 <= nowMs) {
    throw new AuthError(
      'invite_expired',
      `This invite expired on ${new Date(p.e * 1000).toISOString()}. Ask the organizer for a new one.`,
    );
  }
  if (p.r !== roomId) {
    throw new AuthError('invite_wrong_room', 'This invite is for another room.');
  }
  return { inviteId: p.i, roomId: p.r, role: p.o, expiresAtS: p.e };
}
