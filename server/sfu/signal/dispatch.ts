import {
  DisconnectReason,
  Pong,
  RequestResponse,
  RequestResponse_Reason,
  type SignalRequest,
  type UpdateParticipantMetadata,
} from '@livekit/protocol';
import { SfuError } from '../errors.ts';
import { applyAttributes } from '../room/metadata.ts';
import type { Participant } from '../room/participant.ts';
import { addTrack, setSubscriptions, setTrackMuted } from '../room/publishing.ts';
import type { Room } from '../room/room.ts';

function respond(p: Participant, requestId: number, reason: RequestResponse_Reason, message: string): void {
  p.send({ case: 'requestResponse', value: new RequestResponse({ requestId, reason, message }) });
}

function updateOwnMetadata(room: Room, p: Participant, req: UpdateParticipantMetadata): void {
  if (!p.permission.canUpdateMetadata) {
    return respond(
      p,
      req.requestId,
      RequestResponse_Reason.NOT_ALLOWED,
      'not allowed to update own metadata',
    );
  }
  const limits = room.ctx.limits;
  if (req.metadata.length > limits.maxMetadataBytes || req.name.length > 1024) {
    return respond(p, req.requestId, RequestResponse_Reason.LIMIT_EXCEEDED, 'metadata too large');
  }
  const attributes = applyAttributes(p.attributes, req.attributes, limits);
  if (!attributes)
    return respond(p, req.requestId, RequestResponse_Reason.LIMIT_EXCEEDED, 'attributes too large');
  // Empty strings mean "unchanged" in LiveKit's request (the SDK always sends both fields).
  if (req.metadata) p.metadata = req.metadata;
  if (req.name) p.name = req.name;
  p.attributes = attributes;
  room.broadcastParticipant(p);
  respond(p, req.requestId, RequestResponse_Reason.OK, '');
}

/**
 * Handles one signal request from `p`. Offers and trickle are asynchronous; their failures are
 * reported by `onAsyncError` and never left unhandled.
 */
export function dispatchSignal(
  room: Room,
  p: Participant,
  req: SignalRequest,
  onAsyncError: (err: unknown) => void,
): void {
  p.lastSeenMs = Date.now();
  const msg = req.message;
  switch (msg.case) {
    case 'offer':
      if (msg.value.type !== 'offer' || !msg.value.sdp) throw new SfuError('invalid_argument', 'empty offer');
      p.peer?.handleOffer(msg.value.sdp, msg.value.id).catch(onAsyncError);
      return;
    case 'trickle':
      p.peer?.addCandidate(msg.value.candidateInit).catch(onAsyncError);
      return;
    case 'addTrack':
      return addTrack(room, p, msg.value);
    case 'mute':
      setTrackMuted(room, p, msg.value.sid, msg.value.muted);
      return;
    case 'subscription': {
      const sids = [...msg.value.trackSids, ...msg.value.participantTracks.flatMap((t) => t.trackSids)];
      return setSubscriptions(room, p, sids, msg.value.subscribe);
    }
    case 'leave':
      return room.remove(p, DisconnectReason.CLIENT_INITIATED);
    case 'ping':
      p.send({ case: 'pong', value: BigInt(Date.now()) });
      return;
    case 'pingReq':
      p.send({
        case: 'pongResp',
        value: new Pong({ lastPingTimestamp: msg.value.timestamp, timestamp: BigInt(Date.now()) }),
      });
      return;
    case 'updateMetadata':
      return updateOwnMetadata(room, p, msg.value);
    case 'updateAudioTrack': {
      const track = p.published.get(msg.value.trackSid);
      if (track) {
        track.info.audioFeatures = msg.value.features;
        room.broadcastParticipant(p);
      }
      return;
    }
    case 'publishDataTrackRequest':
      p.send({
        case: 'requestResponse',
        value: new RequestResponse({
          reason: RequestResponse_Reason.NOT_ALLOWED,
          message: 'data tracks are not supported by the embedded SFU',
          request: { case: 'publishDataTrack', value: msg.value },
        }),
      });
      return;
    case 'answer':
      // The SFU never offers on the v1 path; an answer is stale or bogus.
      p.log.debug('unexpected answer ignored');
      return;
    default:
      // trackSetting, updateLayers, subscriptionPermission, syncState, simulate and other
      // video/resume features: nothing to do for an audio-only single-node SFU.
      return;
  }
}
