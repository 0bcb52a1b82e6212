import { isRole, type Role } from '../../common/roles.ts';
import type { ParticipantInfo } from '../avatar/remote-avatars.ts';

/** The parts of a LiveKit participant we read (keeps this testable without livekit-client). */
export interface ParticipantLike {
  identity: string;
  name?: string | undefined;
  metadata?: string | undefined;
  attributes?: Readonly<Record<string, string>>;
}

/**
 * Name and role from what the app server put in the token: the `role` attribute (preferred) or
 * `{"role": …}` in the metadata. Participants cannot rewrite either (canUpdateOwnMetadata is off),
 * so the role is trustworthy. Anything unparseable counts as an attendee.
 */
export function participantInfo(p: ParticipantLike): ParticipantInfo {
  return { identity: p.identity, name: p.name?.trim() || p.identity, role: roleOf(p) };
}

function roleOf(p: ParticipantLike): Role {
  const attr = p.attributes?.role;
  if (isRole(attr)) return attr;
  if (p.metadata) {
    try {
      const meta = JSON.parse(p.metadata) as { role?: unknown };
      if (isRole(meta.role)) return meta.role;
    } catch {
      // Not JSON: fall through.
    }
  }
  return 'attendee';
}
