import { z } from 'zod';
import type { SessionDto } from '../../common/api.ts';
import { ROLES, type Role } from '../../common/roles.ts';
import { deriveKey, signToken, verifyToken } from './signed-token.ts';

export const SESSION_COOKIE = 'podium_session';
/** A session lasts a working day; joining again renews it. */
export const SESSION_TTL_S = 12 * 60 * 60;

export interface Session {
  identity: string;
  name: string;
  role: Role;
  roomId: string;
  /** Unix seconds. */
  expiresAtS: number;
}

const payloadSchema = z.object({
  v: z.literal(1),
  sub: z.string().min(1).max(128),
  n: z.string().min(1).max(200),
  o: z.enum(ROLES),
  r: z.string().min(1).max(64),
  e: z.number().int().positive(),
});

/** The signed cookie value carrying a session. */
export function signSession(sessionSecret: string, s: Session): string {
  return signToken(deriveKey(sessionSecret, 'session'), {
    v: 1,
    sub: s.identity,
    n: s.name,
    o: s.role,
    r: s.roomId,
    e: s.expiresAtS,
  });
}

/** The session in a cookie value, or null when it is missing, forged, malformed or expired. */
export function readSession(
  sessionSecret: string,
  value: string | undefined,
  nowMs = Date.now(),
): Session | null {
  if (!value) return null;
  const parsed = payloadSchema.safeParse(verifyToken(deriveKey(sessionSecret, 'session'), value));
  if (!parsed.success || parsed.data.e * 1000 <= nowMs) return null;
  const p = parsed.data;
  return { identity: p.sub, name: p.n, role: p.o, roomId: p.r, expiresAtS: p.e };
}

export function toSessionDto(s: Session): SessionDto {
  return {
    identity: s.identity,
    name: s.name,
    role: s.role,
    roomId: s.roomId,
    expiresAt: new Date(s.expiresAtS * 1000).toISOString(),
  };
}
