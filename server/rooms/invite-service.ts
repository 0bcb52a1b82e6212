import type { InviteRecordDto } from '../../common/admin-api.ts';
import type { Role } from '../../common/roles.ts';
import { signInvite } from '../auth/index.ts';
import type { InviteRow } from '../store/index.ts';
import type { InviteRepo } from './invite-repo.ts';
import { DEFAULT_INVITE_TTL_S } from './room-rules.ts';

/** The link an invitee opens: the lobby with the room and the signed invite. */
export function inviteUrl(baseUrl: string, roomId: string, token: string): string {
  const params = new URLSearchParams({ room: roomId, invite: token });
  return `${baseUrl.replace(/\/+$/, '')}/?${params.toString()}`;
}

/** The admin view of an invite; the token is re-derived (it is a signature, never stored). */
export function toInviteDto(row: InviteRow, sessionSecret: string, baseUrl: string): InviteRecordDto {
  const expiresAt = new Date(row.expires_at);
  const token = signInvite(sessionSecret, {
    inviteId: row.id,
    roomId: row.room_id,
    role: row.role,
    expiresAtS: Math.floor(expiresAt.getTime() / 1000),
  });
  return {
    id: row.id,
    roomId: row.room_id,
    role: row.role,
    token,
    url: inviteUrl(baseUrl, row.room_id, token),
    expiresAt: expiresAt.toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export interface InviteServiceDeps {
  invites: InviteRepo;
  sessionSecret: string;
  now?: () => number;
}

/** Creates an invite for a role in a room, valid for `ttlS` seconds (7 days by default). */
export async function createInvite(
  deps: InviteServiceDeps,
  roomId: string,
  req: { role: Role; ttlS?: number | undefined },
  baseUrl: string,
): Promise<InviteRecordDto> {
  const nowMs = deps.now?.() ?? Date.now();
  // Whole seconds: the token carries seconds and must match the stored expiry exactly.
  const expiresAtS = Math.floor(nowMs / 1000) + (req.ttlS ?? DEFAULT_INVITE_TTL_S);
  const row = await deps.invites.create({ roomId, role: req.role, expiresAt: new Date(expiresAtS * 1000) });
  return toInviteDto(row, deps.sessionSecret, baseUrl);
}
