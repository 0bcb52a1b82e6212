import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { ApprovalDto, ApprovalStatus } from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { GovernanceError } from '../errors.ts';
import type { GovernanceEvents } from '../events.ts';
import type { FollowupAsker, FollowupService } from '../followups/followup-service.ts';
import type { GovApprovalsTable } from '../tables.ts';

export interface CreateApprovalInput {
  roomId: string;
  personaId: string;
  questionId: string | null;
  question: string;
  asker: FollowupAsker | null;
  topic: string | null;
  reason: string;
  draftText: string;
  followupId?: string | null;
}

type Row = Selectable<GovApprovalsTable>;

function toDto(row: Row): ApprovalDto {
  return {
    id: row.id,
    roomId: row.room_id,
    personaId: row.persona_id,
    questionId: row.question_id,
    question: row.question,
    topic: row.topic,
    reason: row.reason,
    draftText: row.draft_text,
    finalText: row.final_text,
    status: row.status as ApprovalStatus,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    decisionNote: row.decision_note,
    auditIndex: row.audit_index,
    followupId: row.followup_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface ApprovalServiceOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  events: GovernanceEvents;
  followups: FollowupService;
  log: Logger;
}

/**
 * The approval queue: escalated questions wait here with a proposed answer until a comms approver
 * edits, approves or rejects it. Approval logs the released text in the audit log (with the
 * approver) in the same transaction, then emits `approval.released` for the agent to speak it.
 */
export class ApprovalService {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;
  readonly #events: GovernanceEvents;
  readonly #followups: FollowupService;
  readonly #log: Logger;

  constructor(opts: ApprovalServiceOptions) {
    this.#db = opts.db;
    this.#audit = opts.audit;
    this.#events = opts.events;
    this.#followups = opts.followups;
    this.#log = opts.log.child({ module: 'governance.approvals' });
  }

  async create(input: CreateApprovalInput, actor: string, trx?: Transaction<Database>): Promise<ApprovalDto> {
    const id = `ap_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const now = new Date();
    const run = async (t: Transaction<Database>) => {
      const row = await t
        .insertInto('gov_approvals')
        .values({
          id,
          room_id: input.roomId,
          persona_id: input.personaId,
          question_id: input.questionId,
          question: input.question,
          asker: input.asker ? JSON.stringify(input.asker) : null,
          topic: input.topic,
          reason: input.reason,
          draft_text: input.draftText,
          status: 'pending',
          followup_id: input.followupId ?? null,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        'approval.created',
        actor,
        { approvalId: id, roomId: input.roomId, questionId: input.questionId },
        {
          topic: input.topic,
          reason: input.reason,
          draftText: input.draftText,
          followupId: input.followupId ?? null,
        },
        t,
      );
      return { row, appended };
    };
    const { row, appended } = trx ? await run(trx) : await this.#db.transaction().execute(run);
    const dto = toDto(row);
    if (!trx) {
      this.#audit.announce(appended, 'governance');
      this.#events.emit('approval.created', dto);
    }
    return dto;
  }

  async get(id: string): Promise<ApprovalDto> {
    const row = await this.#db
      .selectFrom('gov_approvals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Approval ${id} not found`);
    return toDto(row);
  }

  async list(q: { status?: ApprovalStatus; roomId?: string; limit?: number } = {}): Promise<ApprovalDto[]> {
    let query = this.#db.selectFrom('gov_approvals').selectAll();
    if (q.status) query = query.where('status', '=', q.status);
    if (q.roomId) query = query.where('room_id', '=', q.roomId);
    return (
      await query
        .orderBy('created_at')
        .orderBy('id')
        .limit(q.limit ?? 500)
        .execute()
    ).map(toDto);
  }

  /** Replaces the proposed text while the item is pending (the trail keeps every version). */
  async edit(id: string, text: string, actor: string): Promise<ApprovalDto> {
    const { row, appended } = await this.#db.transaction().execute(async (t) => {
      const row = await this.#pending(t, id, 'edit');
      const updated = await t
        .updateTable('gov_approvals')
        .set({ draft_text: text, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        'approval.edited',
        actor,
        { approvalId: id, roomId: row.room_id, questionId: row.question_id },
        { previous: row.draft_text, text },
        t,
      );
      return { row: updated, appended };
    });
    this.#audit.announce(appended, 'governance');
    return toDto(row);
  }

  /**
   * Approves (optionally with a final edit) and releases the text: it is logged as an utterance
   * whose approver is `actor`, then `approval.released` fires for the agent to speak it.
   */
  async approve(
    id: string,
    actor: string,
    opts: { text?: string; note?: string | null } = {},
  ): Promise<ApprovalDto> {
    const { row, appended, trail } = await this.#db.transaction().execute(async (t) => {
      const row = await this.#pending(t, id, 'approve');
      const text = (opts.text ?? row.draft_text).trim();
      if (text === '')
        throw new GovernanceError('invalid_request', 'text: the approved answer must not be empty');
      const now = new Date();
      const asker = row.asker;
      const appended = await this.#audit.appendUtterance(
        {
          personaId: row.persona_id,
          roomId: row.room_id,
          question: {
            text: row.question,
            questionId: row.question_id,
            askedAt: row.created_at.toISOString(),
          },
          asker: asker ? { identity: asker.identity, name: asker.name, anonymous: asker.anonymous } : null,
          decision: 'answer',
          reason: 'approved-by-human',
          topic: row.topic,
          spokenText: text,
          approver: { approvalId: id, by: actor, approvedAt: now.toISOString() },
          providers: { composer: { mode: 'human', model: null } },
        },
        t,
      );
      const updated = await t
        .updateTable('gov_approvals')
        .set({
          status: 'approved',
          final_text: text,
          decided_by: actor,
          decided_at: now,
          decision_note: opts.note ?? null,
          audit_index: appended.index,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const trail = await this.#audit.appendTrail(
        'approval.approved',
        actor,
        { approvalId: id, roomId: row.room_id, questionId: row.question_id },
        { utteranceIndex: appended.index, edited: text !== row.draft_text.trim(), note: opts.note ?? null },
        t,
      );
      return { row: updated, appended, trail };
    });
    this.#audit.announce(appended, 'utterance');
    this.#audit.announce(trail, 'governance');
    const dto = toDto(row);
    this.#log.info({ approvalId: id, auditIndex: appended.index }, 'approval released');
    this.#events.emit('approval.released', {
      approval: dto,
      text: dto.finalText ?? '',
      auditIndex: appended.index,
    });
    if (dto.followupId) {
      await this.#followups
        .approvedLive(dto.followupId, dto.finalText ?? '', actor, id)
        .catch((err: unknown) => {
          this.#log.warn({ err, followupId: dto.followupId }, 'cannot advance the linked follow-up');
        });
    }
    return dto;
  }

  /** Rejects: nothing is spoken; the linked follow-up stays open for a written answer. */
  async reject(id: string, actor: string, reason: string): Promise<ApprovalDto> {
    const { row, appended } = await this.#db.transaction().execute(async (t) => {
      const row = await this.#pending(t, id, 'reject');
      const now = new Date();
      const updated = await t
        .updateTable('gov_approvals')
        .set({
          status: 'rejected',
          decided_by: actor,
          decided_at: now,
          decision_note: reason,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        'approval.rejected',
        actor,
        { approvalId: id, roomId: row.room_id, questionId: row.question_id },
        { reason },
        t,
      );
      return { row: updated, appended };
    });
    this.#audit.announce(appended, 'governance');
    const dto = toDto(row);
    this.#events.emit('approval.rejected', dto);
    return dto;
  }

  async #pending(t: Transaction<Database>, id: string, action: string): Promise<Row> {
    const row = await t
      .selectFrom('gov_approvals')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Approval ${id} not found`);
    if (row.status !== 'pending') {
      throw new GovernanceError(
        'invalid_transition',
        `Cannot ${action} approval ${id}: it is already ${row.status}`,
      );
    }
    return row;
  }
}
