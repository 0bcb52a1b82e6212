import {
  RequestResponse,
  RequestResponse_Reason,
  TrackInfo,
  TrackPublishedResponse,
  TrackSubscribed,
  TrackType,
  TrackUnpublishedResponse,
  type AddTrackRequest,
} from '@livekit/protocol';
import { canPublishSource } from '../auth/grants.ts';
import { newSid } from '../ids.ts';
import { DownTrack } from '../media/down-track.ts';
import type { UpstreamInfo } from '../media/peer-session.ts';
import type { Participant } from './participant.ts';
import { PublishedTrack } from './published-track.ts';
import { participantRef, type Room } from './room.ts';

function refuse(p: Participant, req: AddTrackRequest, message: string): void {
  p.log.info({ cid: req.cid, reason: message }, 'publish refused');
  p.send({
    case: 'requestResponse',
    value: new RequestResponse({
      reason: RequestResponse_Reason.NOT_ALLOWED,
      message,
      request: { case: 'addTrack', value: req },
    }),
  });
}

/**
 * Handles AddTrackRequest: checks the grants and answers with the track's sid. The track goes
 * live once an offer carries media for it.
 */
export function addTrack(room: Room, p: Participant, req: AddTrackRequest): void {
  if (req.type !== TrackType.AUDIO) return refuse(p, req, 'only audio tracks are supported');
  if (p.hidden) return refuse(p, req, 'hidden participants cannot publish');
  if (!canPublishSource(p.permission, req.source))
    return refuse(p, req, 'not allowed to publish this source');
  if (!req.cid || req.cid.length > 256) return refuse(p, req, 'invalid track cid');
  const existing =
    p.pendingTracks.get(req.cid) ?? [...p.published.values()].find((t) => t.cid === req.cid)?.info;
  if (existing) {
    p.send({ case: 'trackPublished', value: new TrackPublishedResponse({ cid: req.cid, track: existing }) });
    return;
  }
  if (p.pendingTracks.size + p.published.size >= room.ctx.limits.maxTracksPerParticipant) {
    return refuse(p, req, 'too many tracks');
  }
  const info = new TrackInfo({
    sid: newSid('TR'),
    type: req.type,
    name: req.name.slice(0, 256),
    muted: req.muted,
    source: req.source,
    mimeType: 'audio/opus',
    stereo: req.stereo,
    disableDtx: req.disableDtx,
    disableRed: req.disableRed,
    encryption: req.encryption,
    stream: req.stream.slice(0, 256),
    audioFeatures: req.audioFeatures,
  });
  p.pendingTracks.set(req.cid, info);
  p.send({ case: 'trackPublished', value: new TrackPublishedResponse({ cid: req.cid, track: info }) });
}

/** A client m-section started (or re-bound) sending: publish the track it carries. */
export function bindUpstream(room: Room, p: Participant, up: UpstreamInfo): void {
  const bound = [...p.published.values()].find((t) => t.mid === up.mid);
  if (bound) {
    bound.forwarder.bind(up.track);
    return;
  }
  let cid = up.trackId;
  let info = p.pendingTracks.get(cid);
  if (!info) {
    // Some clients use a different msid track id than the cid; fall back to the oldest pending.
    const first = p.pendingTracks.entries().next();
    if (!first.done) [cid, info] = first.value;
  }
  if (!info) {
    p.log.warn({ mid: up.mid }, 'media section without an announced track ignored');
    return;
  }
  p.pendingTracks.delete(cid);
  if (!canPublishSource(p.permission, info.source)) return;
  const track = new PublishedTrack(info, cid, p.log);
  track.bind(up.mid, up.track);
  p.published.set(track.sid, track);
  room.broadcastParticipant(p);
  room.noteAudioPublished();
  room.ctx.events.emit('trackPublished', room.ref, participantRef(p), track.sid);
  p.log.info({ trackSid: track.sid, mid: up.mid }, 'track published');
  for (const sub of room.participants.values()) subscribe(sub, p, track);
}

/** The client stopped sending on `mid` (it unpublished): the track goes away for everyone. */
export function upstreamEnded(room: Room, p: Participant, mid: string): void {
  const track = [...p.published.values()].find((t) => t.mid === mid);
  if (track) unpublishTrack(room, p, track, false);
}

/**
 * Unpublishes `track`. `notifyPublisher` tells the publisher's SDK (server-initiated, e.g. after
 * a permission change), which then stops sending it.
 */
export function unpublishTrack(
  room: Room,
  p: Participant,
  track: PublishedTrack,
  notifyPublisher: boolean,
): void {
  if (!p.published.delete(track.sid)) return;
  for (const sub of room.participants.values()) unsubscribe(sub, track.sid);
  track.close();
  if (notifyPublisher) {
    p.send({ case: 'trackUnpublished', value: new TrackUnpublishedResponse({ trackSid: track.sid }) });
  }
  if (p.connected) room.broadcastParticipant(p);
  room.ctx.events.emit('trackUnpublished', room.ref, participantRef(p), track.sid);
  p.log.info({ trackSid: track.sid }, 'track unpublished');
}

/** Sets a published track's mute flag and tells everyone. */
export function setTrackMuted(
  room: Room,
  p: Participant,
  trackSid: string,
  muted: boolean,
): TrackInfo | undefined {
  const track = p.published.get(trackSid);
  if (!track) return undefined;
  if (track.info.muted !== muted) {
    track.info.muted = muted;
    room.broadcastParticipant(p);
  }
  return track.info;
}

/** Starts delivering `track` (published by `pub`) to `sub` if it wants it. */
export function subscribe(sub: Participant, pub: Participant, track: PublishedTrack): void {
  if (sub === pub || !sub.peer || sub.subscriptions.has(track.sid) || !sub.wantsTrack(track.sid)) return;
  const down = new DownTrack(track.sid, pub.sid, track.forwarder);
  sub.subscriptions.set(track.sid, down);
  sub.peer.subscribe(down);
  if (!track.subscribedNotified) {
    // LiveKit tells a publisher once that someone receives its track (`TrackSubscribed`).
    track.subscribedNotified = true;
    pub.send({ case: 'trackSubscribed', value: new TrackSubscribed({ trackSid: track.sid }) });
  }
}

export function unsubscribe(sub: Participant, trackSid: string): void {
  const down = sub.subscriptions.get(trackSid);
  if (!down) return;
  sub.subscriptions.delete(trackSid);
  down.detach();
  sub.peer?.unsubscribe(trackSid);
}

/** Brings `sub`'s subscriptions in line with what it wants and may receive. */
export function reconcileSubscriptions(room: Room, sub: Participant): void {
  for (const pub of room.participants.values()) {
    if (pub === sub) continue;
    for (const track of pub.published.values()) {
      if (sub.wantsTrack(track.sid)) subscribe(sub, pub, track);
      else unsubscribe(sub, track.sid);
    }
  }
}

/**
 * Records a participant's choice to (un)subscribe `trackSids` and applies it. Only sids of
 * tracks published in the room are remembered, so a client cannot grow this map without bound.
 */
export function setSubscriptions(
  room: Room,
  p: Participant,
  trackSids: readonly string[],
  subscribe: boolean,
): void {
  const known = new Set<string>();
  for (const other of room.participants.values()) for (const sid of other.published.keys()) known.add(sid);
  for (const sid of trackSids) if (known.has(sid)) p.subscriptionOverrides.set(sid, subscribe);
  reconcileSubscriptions(room, p);
}

export function removeAllSubscriptionsOf(p: Participant): void {
  for (const down of p.subscriptions.values()) down.detach();
  p.subscriptions.clear();
}
