import {
  CreateRoomRequest,
  DataPacket_Kind,
  DeleteRoomRequest,
  DeleteRoomResponse,
  DisconnectReason,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  MuteRoomTrackRequest,
  MuteRoomTrackResponse,
  MuteTrackRequest,
  RemoveParticipantResponse,
  RoomParticipantIdentity,
  SendDataRequest,
  SendDataResponse,
  UpdateParticipantRequest,
  UpdateRoomMetadataRequest,
  UpdateSubscriptionsRequest,
  UpdateSubscriptionsResponse,
} from '@livekit/protocol';
import type { VerifiedClaims } from '../auth/grants.ts';
import type { SfuContext } from '../context.ts';
import { sendServerData } from '../data/data-relay.ts';
import { SfuError } from '../errors.ts';
import { applyAttributes } from '../room/metadata.ts';
import type { Participant } from '../room/participant.ts';
import { updatePermission } from '../room/permissions.ts';
import { setSubscriptions, setTrackMuted } from '../room/publishing.ts';
import type { Room } from '../room/room.ts';

/** The grant a RoomService method needs, as livekit-server-sdk requests it. */
type Grant = 'roomCreate' | 'roomList' | 'roomAdmin';

/** The protobuf-es (v1) message surface the service needs. */
export interface ProtoMessage {
  toJson(): unknown;
  toBinary(): Uint8Array;
}

export interface ProtoType<T> {
  fromJson(json: unknown, options?: { ignoreUnknownFields?: boolean }): T;
  fromBinary(bytes: Uint8Array): T;
}

interface MethodDef<Req extends object> {
  request: ProtoType<Req>;
  grant: Grant;
  run(ctx: SfuContext, req: Req): ProtoMessage;
}

function requireRoom(ctx: SfuContext, name: string): Room {
  const room = ctx.rooms.get(name);
  if (!room) throw new SfuError('not_found', 'requested room does not exist');
  return room;
}

function requireParticipant(room: Room, identity: string): Participant {
  const p = room.participants.get(identity);
  if (!p) throw new SfuError('not_found', 'participant does not exist');
  return p;
}

function checkMetadata(ctx: SfuContext, metadata: string): void {
  if (metadata.length > ctx.limits.maxMetadataBytes)
    throw new SfuError('invalid_argument', 'metadata too large');
}

function def<Req extends object>(d: MethodDef<Req>): MethodDef<Req> {
  return d;
}

/** RoomService methods by name, as in LiveKit's `livekit.RoomService`. */
export const ROOM_SERVICE_METHODS = {
  CreateRoom: def({
    request: CreateRoomRequest,
    grant: 'roomCreate',
    run(ctx, req) {
      checkMetadata(ctx, req.metadata);
      const { room, created } = ctx.rooms.getOrCreate(req.name, {
        emptyTimeoutS: req.emptyTimeout,
        departureTimeoutS: req.departureTimeout,
        maxParticipants: req.maxParticipants,
        metadata: req.metadata,
      });
      if (!created && req.metadata && req.metadata !== room.metadata) room.updateMetadata(req.metadata);
      return room.toInfo();
    },
  }),
  ListRooms: def({
    request: ListRoomsRequest,
    grant: 'roomList',
    run: (ctx, req) => new ListRoomsResponse({ rooms: ctx.rooms.list(req.names).map((r) => r.toInfo()) }),
  }),
  DeleteRoom: def({
    request: DeleteRoomRequest,
    grant: 'roomCreate',
    run(ctx, req) {
      if (!ctx.rooms.delete(req.room)) throw new SfuError('not_found', 'requested room does not exist');
      return new DeleteRoomResponse();
    },
  }),
  ListParticipants: def({
    request: ListParticipantsRequest,
    grant: 'roomAdmin',
    run: (ctx, req) =>
      new ListParticipantsResponse({
        participants: [...requireRoom(ctx, req.room).participants.values()].map((p) => p.toInfo()),
      }),
  }),
  GetParticipant: def({
    request: RoomParticipantIdentity,
    grant: 'roomAdmin',
    run: (ctx, req) => requireParticipant(requireRoom(ctx, req.room), req.identity).toInfo(),
  }),
  RemoveParticipant: def({
    request: RoomParticipantIdentity,
    grant: 'roomAdmin',
    run(ctx, req) {
      const room = requireRoom(ctx, req.room);
      room.remove(requireParticipant(room, req.identity), DisconnectReason.PARTICIPANT_REMOVED);
      return new RemoveParticipantResponse();
    },
  }),
  MutePublishedTrack: def({
    request: MuteRoomTrackRequest,
    grant: 'roomAdmin',
    run(ctx, req) {
      const room = requireRoom(ctx, req.room);
      const p = requireParticipant(room, req.identity);
      if (!p.published.has(req.trackSid)) throw new SfuError('not_found', 'track does not exist');
      // As in LiveKit's default configuration, the server may mute but not unmute someone.
      if (!req.muted) throw new SfuError('failed_precondition', 'remote unmute is not enabled');
      p.send({ case: 'mute', value: new MuteTrackRequest({ sid: req.trackSid, muted: true }) });
      const track = setTrackMuted(room, p, req.trackSid, true);
      return new MuteRoomTrackResponse(track ? { track } : {});
    },
  }),
  UpdateParticipant: def({
    request: UpdateParticipantRequest,
    grant: 'roomAdmin',
    run(ctx, req) {
      const room = requireRoom(ctx, req.room);
      const p = requireParticipant(room, req.identity);
      checkMetadata(ctx, req.metadata);
      const attributes = applyAttributes(p.attributes, req.attributes, ctx.limits);
      if (!attributes) throw new SfuError('invalid_argument', 'attributes too large');
      if (req.metadata) p.metadata = req.metadata;
      if (req.name) p.name = req.name.slice(0, 1024);
      p.attributes = attributes;
      // LiveKit semantics: a permission in the request replaces the participant's whole permission.
      if (req.permission) updatePermission(room, p, req.permission);
      else room.broadcastParticipant(p);
      return p.toInfo();
    },
  }),
  UpdateSubscriptions: def({
    request: UpdateSubscriptionsRequest,
    grant: 'roomAdmin',
    run(ctx, req) {
      const room = requireRoom(ctx, req.room);
      const p = requireParticipant(room, req.identity);
      const sids = [...req.trackSids, ...req.participantTracks.flatMap((t) => t.trackSids)];
      setSubscriptions(room, p, sids, req.subscribe);
      return new UpdateSubscriptionsResponse();
    },
  }),
  SendData: def({
    request: SendDataRequest,
    grant: 'roomAdmin',
    run(ctx, req) {
      const room = requireRoom(ctx, req.room);
      if (req.data.length > ctx.limits.maxDataPacketBytes)
        throw new SfuError('invalid_argument', 'data too large');
      if (req.kind !== DataPacket_Kind.RELIABLE && req.kind !== DataPacket_Kind.LOSSY) {
        throw new SfuError('invalid_argument', 'unknown data packet kind');
      }
      sendServerData(room, {
        payload: req.data,
        kind: req.kind,
        ...(req.topic !== undefined ? { topic: req.topic } : {}),
        destinationIdentities: req.destinationIdentities,
        destinationSids: req.destinationSids,
        nonce: req.nonce,
      });
      return new SendDataResponse();
    },
  }),
  UpdateRoomMetadata: def({
    request: UpdateRoomMetadataRequest,
    grant: 'roomAdmin',
    run(ctx, req) {
      const room = requireRoom(ctx, req.room);
      checkMetadata(ctx, req.metadata);
      room.updateMetadata(req.metadata);
      return room.toInfo();
    },
  }),
} as const;

export type RoomServiceMethod = keyof typeof ROOM_SERVICE_METHODS;

/** Checks the service token's grants for a method; room-scoped grants must name the room. */
export function checkGrant(claims: VerifiedClaims, grant: Grant, room: string | undefined): void {
  const v = claims.video;
  if (grant === 'roomAdmin') {
    if (!v.roomAdmin) throw new SfuError('permission_denied', 'token has no roomAdmin grant');
    if (!room || v.room !== room) throw new SfuError('permission_denied', 'token is not for this room');
    return;
  }
  if (!v[grant]) throw new SfuError('permission_denied', `token has no ${grant} grant`);
}
