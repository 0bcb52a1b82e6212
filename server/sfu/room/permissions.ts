import { ParticipantInfo_State, ParticipantUpdate, type ParticipantPermission } from '@livekit/protocol';
import { canPublishSource } from '../auth/grants.ts';
import type { Participant } from './participant.ts';
import { reconcileSubscriptions, unpublishTrack } from './publishing.ts';
import type { Room } from './room.ts';

/**
 * Replaces a participant's permission and applies it at once: tracks it may no longer publish
 * are unpublished (its SDK is told), subscriptions follow `canSubscribe`, and everyone sees the
 * new state. A promoted participant can publish as soon as its SDK gets the update.
 */
export function updatePermission(room: Room, p: Participant, permission: ParticipantPermission): void {
  const wasHidden = p.hidden;
  p.permission = permission;
  for (const track of [...p.published.values()]) {
    if (p.hidden || !canPublishSource(permission, track.info.source)) unpublishTrack(room, p, track, true);
  }
  for (const [cid, info] of [...p.pendingTracks]) {
    if (p.hidden || !canPublishSource(permission, info.source)) p.pendingTracks.delete(cid);
  }
  reconcileSubscriptions(room, p);
  if (wasHidden && !p.hidden) {
    // Appearing: others learn about it as if it had just joined.
    room.broadcastParticipant(p);
    return;
  }
  if (!wasHidden && p.hidden) {
    // Disappearing: others see it leave; it keeps its own connection.
    p.bumpVersion();
    const gone = p.toInfo();
    gone.state = ParticipantInfo_State.DISCONNECTED;
    room.broadcast({ case: 'update', value: new ParticipantUpdate({ participants: [gone] }) }, p);
  }
  room.broadcastParticipant(p);
}
