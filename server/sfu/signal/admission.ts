import {
  ClientConfigSetting,
  ClientConfiguration,
  DisconnectReason,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  MediaSectionsRequirement,
  ParticipantInfo_State,
  ParticipantUpdate,
  ServerInfo,
  ServerInfo_Edition,
  SessionDescription,
  SignalTarget,
  TrickleRequest,
} from '@livekit/protocol';
import type { WebSocket } from 'ws';
import { permissionFromGrant } from '../auth/grants.ts';
import {
  EMULATED_SERVER_VERSION,
  PING_INTERVAL_S,
  PING_TIMEOUT_S,
  SERVER_PROTOCOL,
  type SfuContext,
} from '../context.ts';
import { toSfuError } from '../errors.ts';
import { relayClientData } from '../data/data-relay.ts';
import { PeerSession } from '../media/peer-session.ts';
import { Participant } from '../room/participant.ts';
import { bindUpstream, reconcileSubscriptions, upstreamEnded } from '../room/publishing.ts';
import type { Room } from '../room/room.ts';
import type { JoinAuthorization } from './authorize.ts';
import { encodeResponse } from './codec.ts';
import { SignalConnection, WS_CLOSE } from './connection.ts';
import { dispatchSignal } from './dispatch.ts';

/** Refuses a session after the upgrade with LiveKit's `leave`, which the SDKs do not retry. */
export function refuseSession(
  ws: WebSocket,
  reason: DisconnectReason,
  action = LeaveRequest_Action.DISCONNECT,
): void {
  const leave = new LeaveRequest({ canReconnect: false, reason, action });
  ws.send(encodeResponse({ case: 'leave', value: leave }), { binary: true }, () => {
    ws.close(WS_CLOSE.normal, DisconnectReason[reason] ?? 'refused');
  });
}

function joinResponse(ctx: SfuContext, room: Room, p: Participant): JoinResponse {
  return new JoinResponse({
    room: room.toInfo(),
    participant: p.toInfo(),
    otherParticipants: room.visibleTo(p).map((o) => o.toInfo()),
    serverVersion: EMULATED_SERVER_VERSION,
    serverRegion: 'embedded',
    serverInfo: new ServerInfo({
      edition: ServerInfo_Edition.Standard,
      version: EMULATED_SERVER_VERSION,
      protocol: SERVER_PROTOCOL,
      region: 'embedded',
      nodeId: ctx.nodeId,
    }),
    subscriberPrimary: false,
    pingInterval: PING_INTERVAL_S,
    pingTimeout: PING_TIMEOUT_S,
    // The embedded SFU does not resume sessions; clients reconnect by joining again.
    clientConfiguration: new ClientConfiguration({ resumeConnection: ClientConfigSetting.DISABLED }),
  });
}

/** Turns an accepted WebSocket into a participant in its room. */
export function admit(ctx: SfuContext, auth: JoinAuthorization, ws: WebSocket): void {
  const { claims, joinRequest } = auth;
  if (joinRequest?.reconnect) {
    // A resume attempt: ask for a full reconnect (a fresh join) instead.
    refuseSession(ws, DisconnectReason.STATE_MISMATCH, LeaveRequest_Action.RECONNECT);
    return;
  }
  const { room } = ctx.rooms.getOrCreate(auth.roomName);
  if (!room.hasRoomFor(claims.identity)) {
    refuseSession(ws, DisconnectReason.JOIN_FAILURE);
    return;
  }
  const log = room.log.child({ participant: claims.identity });
  const p = new Participant(
    {
      identity: claims.identity,
      name: claims.name,
      metadata: claims.metadata,
      attributes: claims.attributes,
      kind: claims.kind,
      permission: permissionFromGrant(claims.video),
      autoSubscribe: joinRequest?.connectionSettings?.autoSubscribe ?? true,
      clientProtocol: joinRequest?.clientInfo?.clientProtocol ?? 0,
    },
    ctx.limits,
    log,
  );
  const onAsyncError = (err: unknown): void => {
    const e = toSfuError(err);
    log.warn({ err: e.message, code: e.code, cause: String(e.cause ?? '') }, 'signal request failed');
    ctx.events.emit('error', e, { recoverable: true });
  };

  const conn = new SignalConnection(ws, ctx.limits, log, {
    onRequest: (req) => {
      if (p.connected) dispatchSignal(room, p, req, onAsyncError);
    },
    onClose: () => {
      ctx.connections.delete(conn);
      room.remove(p, DisconnectReason.SIGNAL_CLOSE);
    },
    onViolation: (reason) => room.expel(p, reason),
  });
  ctx.connections.add(conn);

  const peer: PeerSession = new PeerSession(
    log,
    {
      onAnswer: (sdp, id, midToTrackId) =>
        p.send({ case: 'answer', value: new SessionDescription({ type: 'answer', sdp, id, midToTrackId }) }),
      onCandidate: (candidateInit) =>
        p.send({
          case: 'trickle',
          value: new TrickleRequest({ candidateInit, target: SignalTarget.PUBLISHER }),
        }),
      onUpstream: (up) => {
        if (p.connected) bindUpstream(room, p, up);
      },
      onUpstreamEnded: (mid) => {
        if (p.connected) upstreamEnded(room, p, mid);
      },
      onData: (label, data) => {
        if (p.connected) relayClientData(room, p, label, data);
      },
      onConnectionState: (state) => {
        if (!p.connected) return;
        if (state === 'connected' && p.state !== ParticipantInfo_State.ACTIVE) {
          p.state = ParticipantInfo_State.ACTIVE;
          room.broadcastParticipant(p);
        } else if (state === 'failed') {
          room.remove(p, DisconnectReason.MEDIA_FAILURE);
        }
      },
      onClosed: () => ctx.peers.delete(peer),
      requestOffer: (numAudios) =>
        p.send({
          case: 'mediaSectionsRequirement',
          value: new MediaSectionsRequirement({ numAudios, numVideos: 0 }),
        }),
    },
    ctx.ice,
  );
  ctx.peers.add(peer);
  p.peer = peer;
  p.signal = conn;

  room.add(p);
  p.send({ case: 'join', value: joinResponse(ctx, room, p) });
  if (!p.hidden) {
    room.broadcast({ case: 'update', value: new ParticipantUpdate({ participants: [p.toInfo()] }) }, p);
  }
  log.info({ participantSid: p.sid, kind: claims.kind }, 'participant joined');
  reconcileSubscriptions(room, p);
  const offer = joinRequest?.publisherOffer;
  if (offer?.sdp) peer.handleOffer(offer.sdp, offer.id).catch(onAsyncError);
}
