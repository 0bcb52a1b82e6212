import { AccessToken } from 'livekit-server-sdk';
import type { Role, RoomKind } from '../../common/roles.ts';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import { LivekitError } from './errors.ts';
import { grantsFor } from './grants.ts';

export interface LivekitKeys {
  apiKey: string;
  apiSecret: string;
}

export interface ParticipantTokenRequest {
  identity: string;
  name: string;
  role: Role;
  room: { id: string; kind: RoomKind };
  ttlS: number;
}

/** Participant attribute carrying the role; clients colour name tags from it. */
export const ROLE_ATTRIBUTE = 'role';

/**
 * A join token for a person: identity, display name, role (attribute `role` and metadata JSON) and
 * the grants for that role and room kind. Refuses the twin's reserved identity prefix.
 */
export async function mintParticipantToken(keys: LivekitKeys, req: ParticipantTokenRequest): Promise<string> {
  if (req.identity.toLowerCase().startsWith(TWIN_IDENTITY_PREFIX)) {
    throw new LivekitError(
      'reserved_identity',
      `Identities starting with "${TWIN_IDENTITY_PREFIX}" are reserved for the twin agent`,
    );
  }
  const token = new AccessToken(keys.apiKey, keys.apiSecret, {
    identity: req.identity,
    name: req.name,
    ttl: req.ttlS,
    metadata: JSON.stringify({ role: req.role, roomKind: req.room.kind }),
    attributes: { [ROLE_ATTRIBUTE]: req.role },
  });
  token.addGrant(grantsFor(req.role, req.room.kind, req.room.id));
  return token.toJwt();
}
