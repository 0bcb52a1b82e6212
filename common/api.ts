import type { Role, RoomKind } from './roles.ts';

/** Every HTTP error body. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export interface RoomDto {
  id: string;
  title: string;
  kind: RoomKind;
  capacity: number;
  /** Anyone may join as an attendee without an invite (the demo room). */
  openJoin: boolean;
  createdAt: string;
}

/** GET /api/config — public, no session needed. */
export interface ConfigResponse {
  version: string;
  /** WebSocket URL of LiveKit (the embedded SFU or a real deployment). */
  livekitUrl: string;
  /** The room the lobby offers by default. */
  defaultRoomId: string;
}

/** POST /api/join */
export interface JoinRequest {
  roomId: string;
  name: string;
  /** Signed invite token (from an invite link `?invite=…`); without it, open rooms only. */
  invite?: string;
}

export interface SessionDto {
  identity: string;
  name: string;
  role: Role;
  roomId: string;
  expiresAt: string;
}

export interface JoinResponse {
  session: SessionDto;
  room: RoomDto;
  livekit: { url: string; token: string };
}

/** POST /api/admin/rooms */
export interface CreateRoomRequest {
  id?: string;
  title: string;
  kind: RoomKind;
  capacity?: number;
  openJoin?: boolean;
}

/** POST /api/admin/rooms/:id/invites */
export interface CreateInviteRequest {
  role: Role;
  /** Lifetime in seconds; default 7 days. */
  ttlS?: number;
}

export interface InviteDto {
  roomId: string;
  role: Role;
  token: string;
  url: string;
  expiresAt: string;
}
