import { z } from 'zod';
import { ROLES, ROOM_KINDS, type RoomKind } from '../../common/roles.ts';

export const ROOM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const MAX_CAPACITY = 10_000;
export const DEFAULT_CAPACITY: Readonly<Record<RoomKind, number>> = { 'all-hands': 500, meeting: 50 };
export const DEFAULT_INVITE_TTL_S = 7 * 24 * 60 * 60;
export const MAX_INVITE_TTL_S = 366 * 24 * 60 * 60;

/** The demo room every install has, created on first start. */
export const DEFAULT_ROOM = {
  id: 'town-hall',
  title: 'Town Hall',
  kind: 'all-hands',
  capacity: 500,
  openJoin: true,
} as const satisfies NewRoom;

export interface NewRoom {
  id: string;
  title: string;
  kind: RoomKind;
  capacity: number;
  openJoin: boolean;
}

/** Room ids are also LiveKit room names and appear in URLs: keep them plain. */
export const roomIdSchema = z.string({ error: 'must be a string' }).regex(ROOM_ID_PATTERN, {
  error: 'must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit',
});

export const titleSchema = z
  .string({ error: 'must be a string' })
  .transform((s) => s.trim())
  .refine((s) => s.length >= 1 && s.length <= 100, { error: 'must be 1-100 characters' })
  .refine((s) => !/\p{Cc}/u.test(s), { error: 'must not contain control characters' });

export const kindSchema = z.enum(ROOM_KINDS, { error: `must be one of ${ROOM_KINDS.join(', ')}` });

export const capacitySchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(MAX_CAPACITY, { error: `must be at most ${MAX_CAPACITY}` });

export const openJoinSchema = z.boolean({ error: 'must be true or false' });

/** POST /api/admin/rooms */
export const createRoomSchema = z.strictObject({
  id: roomIdSchema.optional(),
  title: titleSchema,
  kind: kindSchema,
  capacity: capacitySchema.optional(),
  openJoin: openJoinSchema.optional(),
});

/** PATCH /api/admin/rooms/:id */
export const updateRoomSchema = z
  .strictObject({
    title: titleSchema.optional(),
    kind: kindSchema.optional(),
    capacity: capacitySchema.optional(),
    openJoin: openJoinSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    error: 'must change at least one of title, kind, capacity, openJoin',
  });
export type RoomPatch = z.output<typeof updateRoomSchema>;

/** POST /api/admin/rooms/:id/invites */
export const createInviteSchema = z.strictObject({
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  ttlS: z
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(60, { error: 'must be at least 60 seconds' })
    .max(MAX_INVITE_TTL_S, { error: `must be at most ${MAX_INVITE_TTL_S} seconds (366 days)` })
    .optional(),
});
