import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  FOLLOWUP_TOPIC,
  type FollowupDto,
  type FollowupHistoryDto,
  type FollowupPublishedMessage,
  type FollowupStatus,
  type RoutingTable,
} from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import type { RoomAnnouncer } from '../announce/announcer.ts';
import type { AppendResult, AuditLog } from '../audit/audit-log.ts';
import { GovernanceError } from '../errors.ts';
import type { GovernanceEvents } from '../events.ts';
import { TRANSITIONS, toDto, type AnswerArchive, type CreateFollowupInput, type Row } from './model.ts';

import { DEFAULT_ROUTING, addBusinessDays, routeQuestion, routingTableSchema } from './routing.ts';

export type { AnswerArchive, CreateFollowupInput, FollowupAsker } from './model.ts';

export interface FollowupServiceOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  events: GovernanceEvents;
  announcer: RoomAnnouncer;
  log: Logger;
  archive?: AnswerArchive | null;
}

export interface ListFollowupsQuery {
  status?: FollowupStatus;
  team?: string;
  /** Restricts to these teams (an owner sees only their own). */
  teams?: readonly string[];
  roomId?: string;
  overdue?: boolean;
  limit?: number;
}

/**
 * Follow-ups: every declined or escalated question becomes a task for the team that owns its topic
 * (routing table), due a few business days later, moving open → drafted → approved → published with
 * a full history. Publishing writes the answer to the room's Q&A archive and tells the asker.
 */
export class FollowupService {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;
  readonly #events: GovernanceEvents;
  readonly #announcer: RoomAnnouncer;
  readonly #log: Logger;
  #archive: AnswerArchive | null;

  constructor(opts: FollowupServiceOptions) {
    this.#db = opts.db;
    this.#audit = opts.audit;
    this.#events = opts.events;
    this.#announcer = opts.announcer;
    this.#log = opts.log.child({ module: 'governance.followups' });
    this.#archive = opts.archive ?? null;
  }

  /** Connects the room Q&A archive (set once the Q&A area exists). */
  useArchive(archive: AnswerArchive | null): void {
    this.#archive = archive;
  }

  async routing(): Promise<RoutingTable> {
    const row = await this.#db
      .selectFrom('gov_followup_routing')
      .select('table_json')
      .where('id', '=', 1)
      .executeTakeFirst();
    return row ? (row.table_json as RoutingTable) : DEFAULT_ROUTING;
  }

  async setRouting(input: unknown, actor: string): Promise<RoutingTable> {
    const table = routingTableSchema.parse(input);
    const json = JSON.stringify(table);
    const appended = await this.#db.transaction().execute(async (t) => {
      await t
        .insertInto('gov_followup_routing')
        .values({ id: 1, table_json: json, updated_by: actor, updated_at: new Date() })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ table_json: json, updated_by: actor, updated_at: new Date() }),
        )
        .execute();
      return this.#audit.appendTrail('followup.routing-changed', actor, {}, { table }, t);
    });
    this.#audit.announce(appended, 'governance');
    return table;
  }

  /** Creates a follow-up routed to its owner (within the caller's transaction when given). */
  async create(input: CreateFollowupInput, actor: string, trx?: Transaction<Database>): Promise<FollowupDto> {
    const table = await this.routing();
    const route = routeQuestion(table, { topic: input.topic, question: input.question });
    const now = new Date();
    const id = `fu_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const run = async (t: Transaction<Database>) => {
      const row = await t
        .insertInto('gov_followups')
        .values({
          id,
          room_id: input.roomId,
          question_id: input.questionId,
          question: input.question,
          asker_identity: input.asker?.identity ?? null,
          asker_name: input.asker && !input.asker.anonymous ? input.asker.name : null,
          asker_anonymous: input.asker?.anonymous ?? false,
          origin: input.origin,
          reason: input.reason,
          topic: input.topic,
          team: route.team,
          status: 'open',
          due_at: addBusinessDays(now, table.dueBusinessDays),
          // The same instant as due_at is computed from, so due dates are exact business-day offsets.
          created_at: now,
          approval_id: input.approvalId ?? null,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const note =
        route.by === 'default'
          ? 'routed to the default team'
          : `routed by ${route.by} "${route.matched ?? ''}"`;
      await this.#history(t, id, actor, 'created', null, 'open', `${note}: ${route.team}`);
      const appended = await this.#audit.appendTrail(
        'followup.created',
        actor,
        { followupId: id, roomId: input.roomId, questionId: input.questionId },
        {
          origin: input.origin,
          reason: input.reason,
          topic: input.topic,
          team: route.team,
          routedBy: route.by,
          dueAt: row.due_at.toISOString(),
        },
        t,
      );
      return { row, appended };
    };
    const { row, appended } = trx ? await run(trx) : await this.#db.transaction().execute(run);
    const dto = toDto(row);
    if (!trx) this.#committed(appended, dto);
    return dto;
  }

  /** Links the approval item created for an escalated follow-up. */
  async linkApproval(id: string, approvalId: string): Promise<FollowupDto> {
    const row = await this.#db
      .updateTable('gov_followups')
      .set({ approval_id: approvalId })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Follow-up ${id} not found`);
    return toDto(row);
  }

  /** After the caller's transaction committed (for `create` inside one). */
  committed(dto: FollowupDto): void {
    this.#events.emit('followup.changed', dto);
  }

  #committed(appended: AppendResult, dto: FollowupDto): void {
    this.#audit.announce(appended, 'governance');
    this.#events.emit('followup.changed', dto);
  }

  async get(id: string, opts: { history?: boolean } = {}): Promise<FollowupDto> {
    const row = await this.#db
      .selectFrom('gov_followups')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Follow-up ${id} not found`);
    const dto = toDto(row);
    if (opts.history) dto.history = await this.history(id);
    return dto;
  }

  async history(id: string): Promise<FollowupHistoryDto[]> {
    const rows = await this.#db
      .selectFrom('gov_followup_history')
      .selectAll()
      .where('followup_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((h) => ({
      at: h.at.toISOString(),
      actor: h.actor,
      action: h.action,
      fromStatus: h.from_status as FollowupStatus | null,
      toStatus: h.to_status as FollowupStatus,
      note: h.note,
    }));
  }

  async list(q: ListFollowupsQuery = {}): Promise<FollowupDto[]> {
    let query = this.#db.selectFrom('gov_followups').selectAll();
    if (q.status) query = query.where('status', '=', q.status);
    if (q.team) query = query.where('team', '=', q.team);
    if (q.teams) {
      if (q.teams.length === 0) return [];
      query = query.where('team', 'in', [...q.teams]);
    }
    if (q.roomId) query = query.where('room_id', '=', q.roomId);
    if (q.overdue) query = query.where('status', '!=', 'published').where('due_at', '<', new Date());
    const rows = await query
      .orderBy('due_at')
      .orderBy('id')
      .limit(q.limit ?? 500)
      .execute();
    const now = new Date();
    return rows.map((r) => toDto(r, now));
  }

  /** The owner (or comms) writes the answer; may be repeated while drafted. */
  draft(id: string, text: string, actor: string) {
    return this.#transition(id, 'draft', actor, { draft_text: text }, null, { length: text.length });
  }

  /** Comms approves the draft, optionally editing it. */
  approve(id: string, actor: string, text?: string) {
    return this.#transition(id, 'approve', actor, text === undefined ? {} : { draft_text: text }, null, {
      edited: text !== undefined,
    });
  }

  /** Sends a draft back to its owner with a note. */
  returnToOwner(id: string, note: string, actor: string) {
    return this.#transition(id, 'return', actor, {}, note, { note });
  }

  /** Moves a follow-up to another team (routing mistakes happen). */
  async assign(id: string, team: string, actor: string): Promise<FollowupDto> {
    const table = await this.routing();
    if (!(team in table.teams)) {
      throw new GovernanceError(
        'invalid_request',
        `team: "${team}" is not in the routing table (${Object.keys(table.teams).join(', ')})`,
      );
    }
    return this.#transition(id, 'assign', actor, { team }, `assigned to ${team}`, { team });
  }

  /**
   * Publishes the approved answer: the follow-up is closed, the answer goes to the room's Q&A
   * archive, and the asker is told (event + a private LiveKit packet).
   */
  async publish(id: string, actor: string): Promise<FollowupDto> {
    const dto = await this.#transition(id, 'publish', actor, {}, null, {}, (row) => ({
      answer_text: row.draft_text,
      published_at: new Date(),
      published_by: actor,
    }));
    await this.#toArchive(dto, actor);
    const row = await this.#db
      .selectFrom('gov_followups')
      .select('asker_identity')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    this.#events.emit('followup.published', { followup: dto, askerIdentity: row.asker_identity });
    if (row.asker_identity) {
      const message: FollowupPublishedMessage = {
        v: 1,
        type: 'followup.published',
        followupId: dto.id,
        roomId: dto.roomId,
        questionId: dto.questionId,
        question: dto.question,
        answer: dto.answerText ?? '',
        publishedAt: dto.publishedAt ?? new Date().toISOString(),
      };
      await this.#announcer.send(dto.roomId, FOLLOWUP_TOPIC, message, [row.asker_identity]);
    }
    return dto;
  }

  async #toArchive(dto: FollowupDto, actor: string): Promise<void> {
    if (!dto.questionId) return;
    let note: string;
    if (!this.#archive) {
      note = 'no Q&A archive connected; the answer is kept with this follow-up';
    } else {
      try {
        await this.#archive.recordWrittenAnswer({
          roomId: dto.roomId,
          questionId: dto.questionId,
          text: dto.answerText ?? '',
          answeredBy: actor,
        });
        note = `written to the Q&A archive of question ${dto.questionId}`;
      } catch (err) {
        this.#log.warn(
          { err, followupId: dto.id, questionId: dto.questionId },
          'cannot write the answer to the Q&A archive',
        );
        note = `not written to the Q&A archive: ${(err as Error).message}`;
      }
    }
    await this.#history(this.#db, dto.id, actor, 'archived', 'published', 'published', note);
  }

  /**
   * Called when an approval linked to this follow-up was approved and spoken: the approved text
   * becomes the approved answer, ready to publish in writing.
   */
  async approvedLive(
    id: string,
    text: string,
    actor: string,
    approvalId: string,
  ): Promise<FollowupDto | null> {
    const row = await this.#db
      .selectFrom('gov_followups')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || (row.status !== 'open' && row.status !== 'drafted')) return null;
    if (row.status === 'open') await this.draft(id, text, actor);
    return this.approve(id, actor, text).then(async (dto) => {
      await this.#history(
        this.#db,
        id,
        actor,
        'note',
        dto.status,
        dto.status,
        `answered live through approval ${approvalId}`,
      );
      return dto;
    });
  }

  async #transition(
    id: string,
    action: keyof typeof TRANSITIONS,
    actor: string,
    patch: Partial<Pick<Row, 'draft_text' | 'team'>>,
    note: string | null,
    data: Record<string, unknown>,
    derive?: (row: Row) => Partial<Pick<Row, 'answer_text' | 'published_at' | 'published_by'>>,
  ): Promise<FollowupDto> {
    const rule: { from: readonly FollowupStatus[]; to: FollowupStatus | null; event: string } =
      TRANSITIONS[action];
    const result = await this.#db.transaction().execute(async (t) => {
      const row = await t
        .selectFrom('gov_followups')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new GovernanceError('not_found', `Follow-up ${id} not found`);
      const from = row.status as FollowupStatus;
      if (!rule.from.includes(from)) {
        throw new GovernanceError(
          'invalid_transition',
          `Cannot ${action} follow-up ${id}: it is ${from} (allowed from ${rule.from.join(', ')})`,
        );
      }
      if (action === 'approve' && (patch.draft_text ?? row.draft_text ?? '').trim() === '') {
        throw new GovernanceError('invalid_request', `Follow-up ${id} has no draft to approve`);
      }
      const to = rule.to ?? from;
      const updated = await t
        .updateTable('gov_followups')
        .set({
          ...patch,
          ...(derive ? derive({ ...row, ...patch }) : {}),
          status: to,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#history(t, id, actor, action, from, to, note);
      const appended = await this.#audit.appendTrail(
        rule.event,
        actor,
        { followupId: id, roomId: row.room_id, questionId: row.question_id },
        { from, to, ...data, ...(action === 'publish' ? { answer: updated.answer_text } : {}) },
        t,
      );
      return { updated, appended };
    });
    const dto = toDto(result.updated);
    this.#committed(result.appended, dto);
    this.#log.info({ followupId: id, action, status: dto.status, team: dto.team }, 'follow-up changed');
    return dto;
  }

  async #history(
    db: Kysely<Database> | Transaction<Database>,
    id: string,
    actor: string,
    action: string,
    from: FollowupStatus | null,
    to: FollowupStatus,
    note: string | null,
  ): Promise<void> {
    await db
      .insertInto('gov_followup_history')
      .values({ followup_id: id, actor, action, from_status: from, to_status: to, note })
      .execute();
  }
}
