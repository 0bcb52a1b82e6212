import type { Logger } from 'pino';
import {
  PUBLIC_STATES,
  QA_EVENT_VERSION,
  encodeQaEvent,
  type QaEvent,
  type QuestionState,
} from '../../common/qa.ts';
import { toQuestionDto } from './dto.ts';
import type { QaChange } from './events.ts';
import { isRoomMissing, type QaAnnouncer } from './media.ts';

/** Who must hear about questions attendees may not see yet: the room's moderators, hosts and admins. */
export type StaffResolver = (roomId: string) => Promise<readonly string[]>;

export interface PublisherOptions {
  /** The current announcer; null while there is no media server (nothing is sent). */
  announcer: () => QaAnnouncer | null;
  staff: StaffResolver;
  log: Logger;
  /** Changes waiting per room before the oldest are dropped (LiveKit far behind). Default 5000. */
  maxQueuedPerRoom?: number;
  /** Announce failures are logged at warn at most this often; the rest at debug. Default 10 s. */
  warnIntervalMs?: number;
  /** Largest payload sent as is; a bigger answer is announced without its citations. Default 14 KiB. */
  maxPayloadBytes?: number;
  /** A failed packet is tried once more after this long (0: never). Default 250 ms. */
  retryDelayMs?: number;
}

interface Packet {
  event: QaEvent;
  /** Null: everyone in the room. */
  to: readonly string[] | null;
}

const isPublic = (s: QuestionState) => PUBLIC_STATES.includes(s);
/** What the author sees of their own question: everything public, plus their pending question. */
const authorSees = (s: QuestionState) => isPublic(s) || s === 'pending';

/**
 * The packets one committed change becomes. Public questions go to everyone. Others go to staff
 * only, with a `question.removed` to everyone first when the question was public before; the author
 * hears about their own pending question in a packet of its own, so that the destination list of
 * no packet ever ties an anonymous question to its author.
 */
export async function packetsFor(change: QaChange, staff: StaffResolver): Promise<Packet[]> {
  const base = { v: QA_EVENT_VERSION, roomId: change.roomId, seq: change.seq } as const;
  switch (change.kind) {
    case 'settings':
      return [{ event: { ...base, type: 'settings.changed', settings: change.settings }, to: null }];
    case 'stage':
      return [{ event: { ...base, type: 'stage.changed', entry: change.entry }, to: null }];
    case 'votes': {
      const event: QaEvent = { ...base, type: 'vote.changed', id: change.row.id, votes: change.votes };
      if (isPublic(change.row.state)) return [{ event, to: null }];
      const team = await staff(change.roomId);
      const packets: Packet[] = [{ event, to: team }];
      if (authorSees(change.row.state) && !team.includes(change.row.author_identity)) {
        packets.push({ event, to: [change.row.author_identity] });
      }
      return packets;
    }
    case 'question': {
      const { row, previousState } = change;
      if (isPublic(row.state)) {
        return [
          { event: { ...base, type: 'question.upserted', question: toQuestionDto(row, false) }, to: null },
        ];
      }
      const packets: Packet[] = [];
      const removed: QaEvent = {
        ...base,
        type: 'question.removed',
        id: row.id,
        ...(row.merged_into ? { mergedInto: row.merged_into } : {}),
      };
      if (previousState !== null && isPublic(previousState)) packets.push({ event: removed, to: null });
      const team = await staff(change.roomId);
      packets.push({
        event: { ...base, type: 'question.upserted', question: toQuestionDto(row, true) },
        to: team,
      });
      const author = row.author_identity;
      if (!team.includes(author)) {
        if (authorSees(row.state)) {
          packets.push({
            event: { ...base, type: 'question.upserted', question: toQuestionDto(row, true) },
            to: [author],
          });
        } else if (previousState !== null && authorSees(previousState) && !isPublic(previousState)) {
          packets.push({ event: removed, to: [author] });
        }
      }
      return packets;
    }
  }
}

/** Keeps a packet under LiveKit's practical reliable-packet size by leaving out an answer's citations. */
export function fitPayload(event: QaEvent, maxBytes: number): Uint8Array | null {
  const bytes = encodeQaEvent(event);
  if (bytes.byteLength <= maxBytes) return bytes;
  if (event.type === 'question.upserted' && event.question.answer) {
    const slim: QaEvent = {
      ...event,
      question: { ...event.question, answer: { ...event.question.answer, citations: [] } },
    };
    const slimBytes = encodeQaEvent(slim);
    if (slimBytes.byteLength <= maxBytes) return slimBytes;
  }
  return null;
}

interface RoomQueue {
  items: QaChange[];
  running: Promise<void> | null;
}

/**
 * Announces committed changes to each room through LiveKit, one room's changes in order, without
 * ever failing or delaying the request that made them. Vote changes to a question that are still
 * waiting are coalesced (only the newest count is sent), so a burst of votes costs a few packets.
 * If LiveKit is unreachable the change stays persisted, the failure is logged, and clients catch
 * up from the API snapshot.
 */
export class QaPublisher {
  readonly #opts: Required<Omit<PublisherOptions, 'announcer' | 'staff' | 'log'>> & PublisherOptions;
  readonly #rooms = new Map<string, RoomQueue>();
  #lastWarnMs = -Infinity;
  #suppressed = 0;
  #closed = false;
  readonly stats = { sent: 0, failed: 0, retried: 0, coalesced: 0, dropped: 0 };

  constructor(opts: PublisherOptions) {
    this.#opts = {
      maxQueuedPerRoom: 5000,
      warnIntervalMs: 10_000,
      maxPayloadBytes: 14 * 1024,
      retryDelayMs: 250,
      ...opts,
    };
  }

  /** Queues a committed change for announcement. Never throws. */
  publish(change: QaChange): void {
    if (this.#closed || !this.#opts.announcer()) return;
    let queue = this.#rooms.get(change.roomId);
    if (!queue) {
      queue = { items: [], running: null };
      this.#rooms.set(change.roomId, queue);
    }
    if (change.kind === 'votes') {
      const id = change.row.id;
      // Only when nothing else about this question is queued after it: a state change must not be overtaken.
      for (let i = queue.items.length - 1; i >= 0; i--) {
        const item = queue.items[i] as QaChange;
        const about = item.kind === 'votes' || item.kind === 'question' ? item.row.id : null;
        if (about !== id) continue;
        if (item.kind === 'votes' && item.seq < change.seq) {
          queue.items[i] = change;
          this.stats.coalesced += 1;
          return;
        }
        break;
      }
    }
    queue.items.push(change);
    if (queue.items.length > this.#opts.maxQueuedPerRoom) {
      queue.items.shift();
      this.stats.dropped += 1;
    }
    queue.running ??= this.#drain(change.roomId, queue);
  }

  /** Resolves when everything queued for the room (or every room) has been sent or given up on. */
  async flush(roomId?: string): Promise<void> {
    for (;;) {
      const running = roomId
        ? [this.#rooms.get(roomId)?.running]
        : [...this.#rooms.values()].map((q) => q.running);
      const pending = running.filter((p): p is Promise<void> => p != null);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /**
   * Stops accepting changes, drops what is still queued (it is persisted; clients reload the
   * snapshot when they reconnect) and waits for the packets being sent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const queue of this.#rooms.values()) {
      this.stats.dropped += queue.items.length;
      queue.items.length = 0;
    }
    await this.flush();
  }

  async #drain(roomId: string, queue: RoomQueue): Promise<void> {
    try {
      for (let change = queue.items.shift(); change; change = queue.items.shift()) {
        await this.#send(change);
      }
    } finally {
      queue.running = null;
      if (queue.items.length === 0) this.#rooms.delete(roomId);
      else queue.running = this.#drain(roomId, queue);
    }
  }

  async #send(change: QaChange): Promise<void> {
    const announcer = this.#opts.announcer();
    if (!announcer) return;
    let packets: Packet[];
    try {
      packets = await packetsFor(change, this.#opts.staff);
    } catch (err) {
      this.#failed(err, change, 'cannot build announcement');
      return;
    }
    for (const { event, to } of packets) {
      if (to !== null && to.length === 0) continue;
      const payload = fitPayload(event, this.#opts.maxPayloadBytes);
      if (!payload) {
        this.#opts.log.warn(
          { roomId: change.roomId, type: event.type, seq: event.seq },
          'qa event too large to announce',
        );
        continue;
      }
      try {
        await this.#announce(announcer, change.roomId, payload, to);
        this.stats.sent += 1;
      } catch (err) {
        this.#failed(err, change, 'qa announce failed');
        // The rest of this change's packets would fail the same way.
        return;
      }
    }
  }

  /**
   * One packet, tried twice: a busy LiveKit may time out once. A packet that did arrive the first
   * time arrives twice, which receivers ignore (same seq). A room LiveKit does not have is final.
   */
  async #announce(announcer: QaAnnouncer, roomId: string, payload: Uint8Array, to: readonly string[] | null) {
    try {
      await announcer.announce(roomId, payload, to);
    } catch (err) {
      if (isRoomMissing(err) || this.#opts.retryDelayMs <= 0 || this.#closed) throw err;
      this.stats.retried += 1;
      await new Promise((resolve) => setTimeout(resolve, this.#opts.retryDelayMs));
      await announcer.announce(roomId, payload, to);
    }
  }

  #failed(err: unknown, change: QaChange, msg: string): void {
    this.stats.failed += 1;
    const fields = { err, roomId: change.roomId, kind: change.kind, seq: change.seq };
    // Nobody has connected to the room yet, so there is nobody to tell.
    if (isRoomMissing(err)) {
      this.#opts.log.debug(fields, 'qa announce skipped: room not open in the media server');
      return;
    }
    const nowMs = Date.now();
    if (nowMs - this.#lastWarnMs >= this.#opts.warnIntervalMs) {
      this.#opts.log.warn({ ...fields, suppressed: this.#suppressed }, msg);
      this.#lastWarnMs = nowMs;
      this.#suppressed = 0;
    } else {
      this.#suppressed += 1;
      this.#opts.log.debug(fields, msg);
    }
  }
}
