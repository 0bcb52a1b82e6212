/** Roles, lowest privilege first. */
export const ROLES = ['attendee', 'moderator', 'host', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROOM_KINDS = ['all-hands', 'meeting'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** Colour per role (sRGB hex) used for name tags and avatar accents on every client. */
export const ROLE_COLORS: Readonly<Record<Role, string>> = {
  attendee: '#4f8cff',
  moderator: '#2bb673',
  host: '#f5a623',
  admin: '#c04cff',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` has at least the privileges of `min`. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/**
 * Identities starting with this prefix belong to the twin agent. The app server never issues a
 * token for them to a person.
 */
export const TWIN_IDENTITY_PREFIX = 'twin-';
