import { DisconnectReason } from '@livekit/protocol';
import type { Logger } from 'pino';
import { SfuError } from '../errors.ts';
import type { SfuEvents } from '../events.ts';
import type { SfuLimits } from '../limits.ts';
import type { TimerRegistry } from '../timers.ts';
import { Room, type RoomSettings } from './room.ts';

export interface RoomManagerOptions {
  log: Logger;
  limits: SfuLimits;
  timers: TimerRegistry;
  events: SfuEvents;
  defaultEmptyTimeoutMs: number;
}

/** Room names are free text in LiveKit; cap them so they stay usable as log fields and keys. */
export function validateRoomName(name: string): void {
  if (!name) throw new SfuError('invalid_argument', 'room name is required');
  if (name.length > 256) throw new SfuError('invalid_argument', 'room name too long');
}

/** All rooms of this SFU, by name. Rooms are created on first join (LiveKit's auto-create). */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly opts: RoomManagerOptions) {}

  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /** The room called `name`, or a new one. `created` tells which. */
  getOrCreate(name: string, settings: RoomSettings = {}): { room: Room; created: boolean } {
    validateRoomName(name);
    const existing = this.rooms.get(name);
    if (existing) return { room: existing, created: false };
    const room = new Room(name, settings, {
      log: this.opts.log,
      limits: this.opts.limits,
      timers: this.opts.timers,
      events: this.opts.events,
      defaultEmptyTimeoutMs: this.opts.defaultEmptyTimeoutMs,
      onClosed: (r) => {
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
      },
    });
    this.rooms.set(name, room);
    this.opts.events.emit('roomStarted', room.ref);
    this.opts.log.info({ room: name, roomSid: room.sid }, 'room created');
    return { room, created: true };
  }

  list(names?: readonly string[]): Room[] {
    const all = [...this.rooms.values()];
    if (!names || names.length === 0) return all;
    return all.filter((r) => names.includes(r.name));
  }

  /** Closes a room, disconnecting everyone in it. False when there is no such room. */
  delete(name: string): boolean {
    const room = this.rooms.get(name);
    if (!room) return false;
    room.close(DisconnectReason.ROOM_DELETED);
    return true;
  }

  closeAll(): void {
    for (const room of [...this.rooms.values()]) room.close(DisconnectReason.SERVER_SHUTDOWN);
  }

  get size(): number {
    return this.rooms.size;
  }
}
