import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { roleAtLeast, type Role, type RoomKind } from '../../common/roles.ts';

/** True when this role may speak in this kind of room from the moment it joins. */
export function canSpeak(role: Role, kind: RoomKind): boolean {
  return kind === 'meeting' || roleAtLeast(role, 'moderator');
}

/**
 * LiveKit grants for a person. In an all-hands, attendees listen (and send data: poses, questions)
 * until promoted to the stage; moderators, hosts, admins and everyone in a meeting may publish their
 * microphone, and nothing else. Nobody may rewrite their own metadata or attributes: the role lives
 * there and other clients trust it.
 */
export function grantsFor(role: Role, kind: RoomKind, roomId: string): VideoGrant {
  const speaker = canSpeak(role, kind);
  return {
    roomJoin: true,
    room: roomId,
    canSubscribe: true,
    canPublishData: true,
    canPublish: speaker,
    ...(speaker ? { canPublishSources: [TrackSource.MICROPHONE] } : {}),
    canUpdateOwnMetadata: false,
  };
}
