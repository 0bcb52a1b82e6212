import type { JoinRequest } from '../../common/api.ts';

export const NAME_MAX_CHARS = 64;
export const ROOM_ID_MAX_CHARS = 64;
// Room ids are URL-safe slugs (the demo room is "town-hall").
const ROOM_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

export interface FieldError {
  field: 'name' | 'room';
  message: string;
}

export type JoinFormResult = { ok: true; request: JoinRequest } | { ok: false; errors: FieldError[] };

/** Checks the lobby form before anything is sent; messages are shown next to the fields. */
export function validateJoinForm(input: {
  name: string;
  roomId: string;
  invite: string | null;
}): JoinFormResult {
  const errors: FieldError[] = [];
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) errors.push({ field: 'name', message: 'Enter your name so others know who you are.' });
  else if ([...name].length > NAME_MAX_CHARS)
    errors.push({ field: 'name', message: `Use at most ${NAME_MAX_CHARS} characters for your name.` });
  else if (CONTROL_RE.test(name))
    errors.push({ field: 'name', message: 'Your name contains invalid characters.' });

  const roomId = input.roomId.trim();
  if (!roomId) errors.push({ field: 'room', message: 'Enter the room to join.' });
  else if (roomId.length > ROOM_ID_MAX_CHARS || !ROOM_ID_RE.test(roomId))
    errors.push({ field: 'room', message: 'Room ids use letters, digits, "-" and "_" only.' });

  if (errors.length > 0) return { ok: false, errors };
  const request: JoinRequest = { roomId, name };
  if (input.invite) request.invite = input.invite;
  return { ok: true, request };
}
