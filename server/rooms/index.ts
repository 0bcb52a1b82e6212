export { RoomError, type RoomErrorCode } from './errors.ts';
export { InviteRepo } from './invite-repo.ts';
export { createInvite, inviteUrl, toInviteDto, type InviteServiceDeps } from './invite-service.ts';
export {
  joinRequestSchema,
  joinRoom,
  type JoinDeps,
  type JoinInput,
  type JoinResult,
} from './join-service.ts';
export { ParticipantRepo, type JoinRecord } from './participant-repo.ts';
export { RoomRepo, roomNotFound, toRoomDto } from './room-repo.ts';
export {
  DEFAULT_CAPACITY,
  DEFAULT_INVITE_TTL_S,
  DEFAULT_ROOM,
  MAX_CAPACITY,
  createInviteSchema,
  createRoomSchema,
  roomIdSchema,
  updateRoomSchema,
  type NewRoom,
  type RoomPatch,
} from './room-rules.ts';
