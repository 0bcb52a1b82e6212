import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role, RoomKind } from '../../common/roles.ts';
import type { QaTables } from '../qa/tables.ts';
import type { GovernanceTables } from '../governance/tables.ts';

/** Set by the database on insert, never updated. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface RoomsTable {
  /** Also the LiveKit room name. */
  id: string;
  title: string;
  kind: RoomKind;
  capacity: number;
  open_join: boolean;
  created_at: CreatedAt;
}

export interface InvitesTable {
  id: string;
  room_id: string;
  role: Role;
  expires_at: ColumnType<Date, Date, never>;
  created_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** One row per successful join: who (identity, display name), where, as what, with which invite. */
export interface ParticipantsTable {
  identity: string;
  room_id: string;
  name: string;
  role: Role;
  invite_id: string | null;
  joined_at: CreatedAt;
}

/** The typed schema Kysely checks every query against. Later migrations add their tables here. */
export interface Database extends QaTables, GovernanceTables {
  rooms: RoomsTable;
  invites: InvitesTable;
  participants: ParticipantsTable;
}

export type RoomRow = Selectable<RoomsTable>;
export type NewRoomRow = Insertable<RoomsTable>;
export type RoomUpdate = Updateable<RoomsTable>;
export type InviteRow = Selectable<InvitesTable>;
export type ParticipantRow = Selectable<ParticipantsTable>;

/** Rows with an auto-generated key would use `Generated<T>`; re-exported for later migrations. */
export type { Generated };
