import { z } from 'zod';
import type { RoomDto } from '../../common/api.ts';
import { roleAtLeast, type Role } from '../../common/roles.ts';
import {
  AuthError,
  SESSION_TTL_S,
  displayNameSchema,
  makeIdentity,
  verifyInvite,
  type Session,
} from '../auth/index.ts';
import { mintParticipantToken, type LivekitKeys, type ParticipantCounter } from '../livekit/index.ts';
import type { Logger } from '../log/index.ts';
import { RoomError } from './errors.ts';
import type { InviteRepo } from './invite-repo.ts';
import type { ParticipantRepo } from './participant-repo.ts';
import { roomNotFound, type RoomRepo } from './room-repo.ts';
import { roomIdSchema } from './room-rules.ts';

/** POST /api/join body. */
export const joinRequestSchema = z.strictObject({
  roomId: roomIdSchema,
  name: displayNameSchema,
  invite: z
    .string({ error: 'must be a string' })
    .max(2048, { error: 'is too long to be an invite' })
    .optional(),
});
export type JoinInput = z.output<typeof joinRequestSchema>;

export interface JoinDeps {
  rooms: RoomRepo;
  invites: InviteRepo;
  participants: ParticipantRepo;
  sessionSecret: string;
  livekitKeys: LivekitKeys;
  /** Null when there is no media server to ask (PODIUM_MEDIA=none). */
  counter: ParticipantCounter | null;
  log: Logger;
  now?: () => number;
}

export interface JoinResult {
  session: Session;
  room: RoomDto;
  livekitToken: string;
}

/**
 * Admits a person to a room: checks the invite (or that the room is open), the room's capacity,
 * hands out a unique identity, records the join and mints the LiveKit token for their role.
 */
export async function joinRoom(deps: JoinDeps, input: JoinInput): Promise<JoinResult> {
  const nowMs = deps.now?.() ?? Date.now();
  const room = await deps.rooms.get(input.roomId);
  if (!room) throw roomNotFound(input.roomId);

  let role: Role = 'attendee';
  let inviteId: string | null = null;
  if (input.invite !== undefined && input.invite.trim() !== '') {
    const claims = verifyInvite(deps.sessionSecret, input.invite, room.id, nowMs);
    const row = await deps.invites.get(claims.inviteId);
    // A valid signature for a row we do not have: the database was reset, or the room deleted.
    if (!row || row.room_id !== room.id || row.role !== claims.role) {
      throw new AuthError(
        'invite_invalid',
        'This invite link is not valid. Ask the organizer for a new one.',
      );
    }
    if (row.revoked_at) throw new AuthError('invite_revoked', 'This invite was revoked by the organizer.');
    role = claims.role;
    inviteId = row.id;
  } else if (!room.openJoin) {
    throw new AuthError(
      'invite_required',
      `Room "${room.id}" is invite-only: open your invite link to join.`,
    );
  }

  // Hosts and admins are always admitted: the event cannot start without them.
  if (deps.counter && !roleAtLeast(role, 'host')) {
    const present = await deps.counter.count(room.id);
    if (present !== null && present >= room.capacity) {
      throw new RoomError(
        'room_full',
        `Room "${room.id}" is full (${room.capacity} people). Try again later.`,
      );
    }
  }

  const identity = await recordWithUniqueIdentity(deps.participants, {
    roomId: room.id,
    name: input.name,
    role,
    inviteId,
  });
  const session: Session = {
    identity,
    name: input.name,
    role,
    roomId: room.id,
    expiresAtS: Math.floor(nowMs / 1000) + SESSION_TTL_S,
  };
  const livekitToken = await mintParticipantToken(deps.livekitKeys, {
    identity,
    name: input.name,
    role,
    room: { id: room.id, kind: room.kind },
    ttlS: SESSION_TTL_S,
  });
  deps.log.info(
    { identity, roomId: room.id, role, invited: inviteId !== null, pii: { name: input.name } },
    'joined',
  );
  return { session, room, livekitToken };
}

async function recordWithUniqueIdentity(
  participants: ParticipantRepo,
  join: { roomId: string; name: string; role: Role; inviteId: string | null },
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const identity = makeIdentity(join.name);
    try {
      await participants.record({ identity, ...join });
      return identity;
    } catch (err) {
      if (!(err instanceof RoomError && err.code === 'identity_taken') || attempt >= 4) throw err;
    }
  }
}
