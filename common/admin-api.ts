import type { InviteDto, RoomDto } from './api.ts';
import type { RoomKind } from './roles.ts';

/** An invite as the admin API returns it: the link plus what is needed to manage it. */
export interface InviteRecordDto extends InviteDto {
  /** For `DELETE /api/admin/invites/:id` (revoke). */
  id: string;
  createdAt: string;
  /** Set once revoked; a revoked invite no longer admits anyone. */
  revokedAt: string | null;
}

/** PATCH /api/admin/rooms/:id — at least one field. */
export interface UpdateRoomRequest {
  title?: string;
  kind?: RoomKind;
  capacity?: number;
  openJoin?: boolean;
}

/** GET /api/admin/rooms */
export interface RoomListResponse {
  rooms: RoomDto[];
}

/** GET /api/admin/rooms/:id/invites */
export interface InviteListResponse {
  invites: InviteRecordDto[];
}
