import { DataPacket, DataPacket_Kind, UserPacket } from '@livekit/protocol';
import type { Participant } from '../room/participant.ts';
import type { Room } from '../room/room.ts';

export const RELIABLE_LABEL = '_reliable';
export const LOSSY_LABEL = '_lossy';

/** Packet kinds a client may originate; `speaker` updates and the like come only from the SFU. */
const CLIENT_VALUE_CASES = new Set<string>([
  'user',
  'chatMessage',
  'rpcRequest',
  'rpcAck',
  'rpcResponse',
  'streamHeader',
  'streamChunk',
  'streamTrailer',
  'transcription',
  'metrics',
  'encryptedPacket',
]);

/**
 * Relays one data-channel message from `sender`. The SFU stamps the sender's identity, sid and
 * (for reliable packets) a per-sender sequence, overwriting whatever the client wrote, so
 * receivers can trust who sent it.
 */
export function relayClientData(room: Room, sender: Participant, label: string, bytes: Buffer): void {
  const limits = room.ctx.limits;
  if (label !== RELIABLE_LABEL && label !== LOSSY_LABEL) return;
  if (!sender.dataLimiter.take()) {
    // Over the rate the packet is dropped; dropping more than a second's allowance within one
    // second means the client sends at twice the rate or more, on purpose or broken: cut it off.
    const now = Date.now();
    if (now - sender.dataDropWindowStartMs > 1000) {
      sender.dataDropWindowStartMs = now;
      sender.droppedDataPackets = 0;
    }
    sender.droppedDataPackets += 1;
    if (sender.droppedDataPackets > limits.dataRatePerSec) room.expel(sender, 'data rate limit exceeded');
    return;
  }
  let packet: DataPacket | undefined;
  if (bytes.length <= limits.maxDataPacketBytes) {
    try {
      packet = DataPacket.fromBinary(bytes);
    } catch {
      packet = undefined;
    }
  }
  if (!packet || !packet.value.case || !CLIENT_VALUE_CASES.has(packet.value.case)) {
    sender.malformedDataPackets += 1;
    if (sender.malformedDataPackets > limits.maxMalformedDataPackets) {
      room.expel(sender, 'malformed data packets');
    }
    return;
  }
  if (!sender.permission.canPublishData) return;

  packet.participantIdentity = sender.identity;
  packet.participantSid = sender.sid;
  const reliable = label === RELIABLE_LABEL;
  packet.kind = reliable ? DataPacket_Kind.RELIABLE : DataPacket_Kind.LOSSY;
  packet.sequence = reliable ? ++sender.reliableSequence : 0;
  const destinations = new Set(packet.destinationIdentities);
  if (packet.value.case === 'user') {
    const user = packet.value.value;
    // The legacy per-user fields are read by older clients as the sender; stamp them too.
    user.participantIdentity = sender.identity;
    user.participantSid = sender.sid;
    for (const id of user.destinationIdentities) destinations.add(id);
    for (const sid of user.destinationSids) {
      const target = [...room.participants.values()].find((p) => p.sid === sid);
      if (target) destinations.add(target.identity);
    }
  }
  deliver(room, packet, label, destinations, sender);
}

export interface ServerDataOptions {
  payload: Uint8Array;
  kind: DataPacket_Kind;
  topic?: string;
  destinationIdentities?: string[];
  destinationSids?: string[];
  nonce?: Uint8Array;
}

/**
 * Sends a packet as the server (RoomService SendData). The sender identity and sid stay empty,
 * which is how LiveKit marks server-originated packets.
 */
export function sendServerData(room: Room, opts: ServerDataOptions): number {
  const destinations = new Set(opts.destinationIdentities ?? []);
  for (const sid of opts.destinationSids ?? []) {
    const target = [...room.participants.values()].find((p) => p.sid === sid);
    if (target) destinations.add(target.identity);
  }
  const packet = new DataPacket({
    kind: opts.kind,
    participantIdentity: '',
    participantSid: '',
    destinationIdentities: [...destinations],
    value: {
      case: 'user',
      value: new UserPacket({
        payload: opts.payload,
        ...(opts.topic !== undefined ? { topic: opts.topic } : {}),
        destinationIdentities: [...destinations],
        ...(opts.nonce ? { nonce: opts.nonce } : {}),
      }),
    },
  });
  const label = opts.kind === DataPacket_Kind.LOSSY ? LOSSY_LABEL : RELIABLE_LABEL;
  return deliver(room, packet, label, destinations, undefined);
}

function deliver(
  room: Room,
  packet: DataPacket,
  label: string,
  destinations: Set<string>,
  sender: Participant | undefined,
): number {
  const bytes = packet.toBinary();
  const maxBuffered = room.ctx.limits.maxBufferedDataBytes;
  let delivered = 0;
  for (const p of room.participants.values()) {
    if (p === sender) continue;
    if (destinations.size > 0 && !destinations.has(p.identity)) continue;
    if (p.peer?.sendData(label, bytes, maxBuffered, label === RELIABLE_LABEL)) delivered += 1;
    else room.log.debug({ to: p.identity, label }, 'data not delivered (channel not open or backlogged)');
  }
  return delivered;
}
