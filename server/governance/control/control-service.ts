import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  CONTROL_TOPIC,
  type ControlMessage,
  type ControlOverviewDto,
  type GlobalControlDto,
  type TwinControlStateDto,
  type TwinSpeaker,
} from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import type { RoomAnnouncer } from '../announce/announcer.ts';
import type { AppendResult, AuditLog } from '../audit/audit-log.ts';
import { GovernanceError } from '../errors.ts';
import type { ControlChangedEvent, GovernanceEvents } from '../events.ts';

interface RoomRow {
  room_id: string;
  paused: boolean;
  speaker: string;
  seq: string | number | bigint;
  reason: string | null;
  updated_at: Date;
}

interface GlobalRow {
  killed: boolean;
  seq: string | number | bigint;
  reason: string | null;
  updated_by: string;
  updated_at: Date;
}

function toGlobal(g: GlobalRow): GlobalControlDto {
  return {
    killed: g.killed,
    seq: Number(g.seq),
    updatedAt: g.updated_at.toISOString(),
    updatedBy: g.updated_by,
    reason: g.reason,
  };
}

/** A room's effective state: its own row (or the defaults) combined with the kill switch. */
function effective(roomId: string, room: RoomRow | undefined, global: GlobalRow): TwinControlStateDto {
  const paused = room?.paused ?? false;
  const speaker = (room?.speaker ?? 'twin') as TwinSpeaker;
  const roomSeq = room ? Number(room.seq) : 0;
  const globalSeq = Number(global.seq);
  const latestIsGlobal = globalSeq >= roomSeq;
  return {
    roomId,
    paused,
    speaker,
    killed: global.killed,
    twinMayAnswer: !global.killed && !paused && speaker === 'twin',
    seq: Math.max(roomSeq, globalSeq),
    updatedAt: (latestIsGlobal || !room ? global.updated_at : room.updated_at).toISOString(),
    reason: global.killed ? global.reason : (room?.reason ?? null),
  };
}

export interface ControlServiceOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  events: GovernanceEvents;
  announcer: RoomAnnouncer;
  log: Logger;
}

/**
 * Human control of the twin: pause / resume per room, hand the floor to the leader and back, and a
 * global kill switch. Each change is persisted with its audit trail entry in one transaction, then
 * emitted as `control.changed` and announced in the room on `podium.control.v1`.
 */
export class ControlService {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;
  readonly #events: GovernanceEvents;
  readonly #announcer: RoomAnnouncer;
  readonly #log: Logger;
  /** The last announcement queued per room (each link catches its own failure). */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(opts: ControlServiceOptions) {
    this.#db = opts.db;
    this.#audit = opts.audit;
    this.#events = opts.events;
    this.#announcer = opts.announcer;
    this.#log = opts.log.child({ module: 'governance.control' });
  }

  async #global(db: Kysely<Database> | Transaction<Database> = this.#db): Promise<GlobalRow> {
    return db.selectFrom('gov_global_control').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }

  /** The twin's state in a room (a room never changed is: not paused, twin holds the floor). */
  async state(roomId: string): Promise<TwinControlStateDto> {
    const [room, global] = await Promise.all([
      this.#db.selectFrom('gov_room_controls').selectAll().where('room_id', '=', roomId).executeTakeFirst(),
      this.#global(),
    ]);
    return effective(roomId, room, global);
  }

  /** The kill switch and every room (known rooms plus rooms with a control record). */
  async overview(): Promise<ControlOverviewDto> {
    const [rows, global, rooms] = await Promise.all([
      this.#db.selectFrom('gov_room_controls').selectAll().execute(),
      this.#global(),
      this.#db.selectFrom('rooms').select('id').execute(),
    ]);
    const byRoom = new Map(rows.map((r) => [r.room_id, r]));
    const ids = [...new Set([...rooms.map((r) => r.id), ...byRoom.keys()])].sort();
    return { global: toGlobal(global), rooms: ids.map((id) => effective(id, byRoom.get(id), global)) };
  }

  pause(roomId: string, actor: string, reason: string | null = null) {
    return this.#setRoom(roomId, actor, reason, { paused: true }, 'paused');
  }

  resume(roomId: string, actor: string, reason: string | null = null) {
    return this.#setRoom(roomId, actor, reason, { paused: false }, 'resumed');
  }

  /** `leader`: the leader answers live and the twin stays silent; `twin`: the twin takes the floor again. */
  handOver(roomId: string, to: TwinSpeaker, actor: string, reason: string | null = null) {
    return this.#setRoom(
      roomId,
      actor,
      reason,
      { speaker: to },
      to === 'leader' ? 'handed-to-leader' : 'handed-to-twin',
    );
  }

  async #setRoom(
    roomId: string,
    actor: string,
    reason: string | null,
    patch: { paused?: boolean; speaker?: TwinSpeaker },
    change: ControlChangedEvent['change'],
  ): Promise<{ state: TwinControlStateDto; changed: boolean }> {
    const room = await this.#db.selectFrom('rooms').select('id').where('id', '=', roomId).executeTakeFirst();
    if (!room) throw new GovernanceError('not_found', `Room "${roomId}" not found`);
    const result = await this.#db.transaction().execute(async (t) => {
      // Serializes changes to one room; the row may not exist yet, so lock the kill switch row too.
      const global = await t
        .selectFrom('gov_global_control')
        .selectAll()
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const current = await t
        .selectFrom('gov_room_controls')
        .selectAll()
        .where('room_id', '=', roomId)
        .executeTakeFirst();
      const before = effective(roomId, current, global);
      const paused = patch.paused ?? before.paused;
      const speaker = patch.speaker ?? before.speaker;
      if (paused === before.paused && speaker === before.speaker) return { state: before, appended: null };
      const seq = await nextSeq(t);
      const now = new Date();
      const row = await t
        .insertInto('gov_room_controls')
        .values({ room_id: roomId, paused, speaker, seq, reason, updated_by: actor, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('room_id')
            .doUpdateSet({ paused, speaker, seq, reason, updated_by: actor, updated_at: now }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        `control.${change}`,
        actor,
        { roomId },
        { paused, speaker, reason, seq },
        t,
      );
      return { state: effective(roomId, row, global), appended };
    });
    if (!result.appended) return { state: result.state, changed: false };
    this.#after(result.appended, {
      roomId,
      change,
      actor,
      reason,
      states: [result.state],
      killed: result.state.killed,
      seq: result.state.seq,
    });
    this.#log.info({ roomId, change, seq: result.state.seq }, 'twin control changed');
    return { state: result.state, changed: true };
  }

  /** The kill switch: the twin stops in every room at once, until revived. */
  kill(actor: string, reason: string) {
    return this.#setGlobal(true, actor, reason);
  }

  revive(actor: string, reason: string | null = null) {
    return this.#setGlobal(false, actor, reason);
  }

  async #setGlobal(
    killed: boolean,
    actor: string,
    reason: string | null,
  ): Promise<{ global: GlobalControlDto; changed: boolean }> {
    const result = await this.#db.transaction().execute(async (t) => {
      const current = await t
        .selectFrom('gov_global_control')
        .selectAll()
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (current.killed === killed) return { global: current, appended: null };
      const seq = await nextSeq(t);
      const global = await t
        .updateTable('gov_global_control')
        .set({ killed, seq, reason, updated_by: actor, updated_at: new Date() })
        .where('id', '=', 1)
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        killed ? 'control.killed' : 'control.revived',
        actor,
        { roomId: null },
        { reason, seq },
        t,
      );
      return { global, appended };
    });
    const dto = toGlobal(result.global);
    if (!result.appended) return { global: dto, changed: false };
    const { rooms } = await this.overview();
    this.#after(result.appended, {
      roomId: null,
      change: killed ? 'killed' : 'revived',
      actor,
      reason,
      states: rooms,
      killed,
      seq: dto.seq,
    });
    (killed ? this.#log.warn : this.#log.info).call(
      this.#log,
      { seq: dto.seq },
      killed ? 'twin kill switch engaged' : 'twin revived',
    );
    return { global: dto, changed: true };
  }

  #after(appended: AppendResult, event: ControlChangedEvent): void {
    this.#audit.announce(appended, 'governance');
    this.#events.emit('control.changed', event);
    for (const state of event.states) this.#announce(state);
  }

  /**
   * Sends the room its new state without holding up the caller. Packets to one room go out one at a
   * time, in change order, so clients see states in sequence (they still keep the highest seq).
   */
  #announce(state: TwinControlStateDto): void {
    const message: ControlMessage = { v: 1, type: 'twin.control', ...state };
    const previous = this.#queues.get(state.roomId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await this.#announcer.send(state.roomId, CONTROL_TOPIC, message);
      } catch (err) {
        this.#log.warn({ err, roomId: state.roomId }, 'control announcement failed');
      }
    });
    this.#queues.set(state.roomId, next);
    void next.finally(() => {
      if (this.#queues.get(state.roomId) === next) this.#queues.delete(state.roomId);
    });
  }

  /** Waits for announcements in flight (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.#queues.values()]);
  }
}

async function nextSeq(t: Transaction<Database>): Promise<number> {
  const { rows } = await sql<{ seq: string | number }>`select nextval('gov_control_seq') as seq`.execute(t);
  return Number(rows[0]!.seq);
}
