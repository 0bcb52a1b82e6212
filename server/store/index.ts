export type {
  Database,
  InviteRow,
  InvitesTable,
  NewRoomRow,
  ParticipantRow,
  ParticipantsTable,
  RoomRow,
  RoomUpdate,
  RoomsTable,
} from './database.ts';
export { StoreError, isForeignKeyViolation, isUniqueViolation, type StoreErrorCode } from './errors.ts';
export { MIGRATIONS } from './migrations/index.ts';
export { openStore, type Store, type StoreBackend } from './open-store.ts';
