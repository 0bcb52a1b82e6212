import { TrackSource } from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';
import { TWIN_IDENTITY_PREFIX } from '../../../common/roles.ts';
import { TwinParticipantError } from './errors.ts';
import { AGENT_STATE_ATTRIBUTE, AI_MARKER_ATTRIBUTE, PERSONA_ATTRIBUTE } from './types.ts';

export interface TwinTokenRequest {
  apiKey: string;
  apiSecret: string;
  roomName: string;
  personaId: string;
  /** Display name, e.g. "Dana's AI twin". */
  name: string;
  /** Default 600: a token only has to be valid when joining; every re-join mints a new one. */
  ttlSeconds?: number;
}

const PERSONA_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The identity the twin of `personaId` joins as. */
export function twinIdentity(personaId: string): string {
  return `${TWIN_IDENTITY_PREFIX}${personaId}`;
}

/**
 * Token for the twin: identity `${TWIN_IDENTITY_PREFIX}${personaId}`, kind AGENT, attributes
 * { 'lk.agent.state': 'idle', 'podium.ai': 'true', 'podium.persona': personaId }, may publish a
 * microphone track and data, subscribe, and update its own attributes.
 */
export async function twinToken(o: TwinTokenRequest): Promise<string> {
  if (!PERSONA_ID.test(o.personaId))
    throw new TwinParticipantError('bad_input', 'personaId must match [A-Za-z0-9_-]{1,64}');
  if (!o.roomName) throw new TwinParticipantError('bad_input', 'roomName is required');
  const ttl = o.ttlSeconds ?? 600;
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new TwinParticipantError('bad_input', 'ttlSeconds must be > 0');
  const token = new AccessToken(o.apiKey, o.apiSecret, {
    identity: twinIdentity(o.personaId),
    name: o.name,
    ttl,
    attributes: {
      [AGENT_STATE_ATTRIBUTE]: 'idle',
      [AI_MARKER_ATTRIBUTE]: 'true',
      [PERSONA_ATTRIBUTE]: o.personaId,
    },
  });
  token.kind = 'agent';
  token.addGrant({
    roomJoin: true,
    room: o.roomName,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canPublishData: true,
    canSubscribe: true,
    canUpdateOwnMetadata: true,
  });
  return token.toJwt();
}
