import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { LIVE_TARGETS, type MergeResponse, type QuestionView } from '../../../common/qa.ts';
import { parseParam, readJson } from '../../http/index.ts';
import { roomIdSchema } from '../../rooms/index.ts';
import { toQuestionView } from '../dto.ts';
import type { Actor } from '../service.ts';
import type { QuestionRow } from '../tables.ts';
import {
  answerModeSchema,
  answerTextSchema,
  citationsSchema,
  questionTextSchema,
  reasonSchema,
} from '../text-rules.ts';
import type { QaHttpDeps } from './deps.ts';
import { actorOf, inRoom, questionIdSchema, readOptionalJson, requireRole, sendJson } from './guard.ts';

const empty = z.strictObject({});
const liveSchema = z.strictObject({
  target: z.enum(LIVE_TARGETS, { error: 'must be "twin" or "leader"' }).default('leader'),
});
const dismissSchema = z.strictObject({ reason: reasonSchema });
const editSchema = z.strictObject({ text: questionTextSchema });
const mergeSchema = z.strictObject({ intoId: questionIdSchema });
const starSchema = z.strictObject({ starred: z.boolean({ error: 'must be true or false' }).optional() });
const escalateSchema = z.strictObject({ reason: reasonSchema.optional() });
const answerSchema = z.strictObject({
  mode: answerModeSchema,
  text: answerTextSchema.optional(),
  citations: citationsSchema.optional(),
});
const settingsSchema = z.strictObject({ preModeration: z.boolean({ error: 'must be true or false' }) });

/** Moderator actions (approve, dismiss, edit, merge, star, escalate) and host actions (live, answer). */
export function mountModerationRoutes(app: Hono, deps: QaHttpDeps): void {
  const { service, repo } = deps.qa;

  const view = async (actor: Actor, row: QuestionRow): Promise<QuestionView> =>
    toQuestionView(
      row,
      { identity: actor.identity, staff: true },
      await repo.hasVoted(row.id, actor.identity),
    );

  /** The caller (with at least `role`) and the question id from the path. */
  const target = (c: Context, role: 'moderator' | 'host', what: string) => ({
    actor: requireRole(actorOf(c, deps.sessionSecret), role, what),
    id: parseParam('qid', questionIdSchema, c.req.param('qid')),
  });

  app.post('/questions/:qid/approve', async (c) => {
    const { actor, id } = target(c, 'moderator', 'approve questions');
    await readOptionalJson(c, empty);
    return sendJson(c, await view(actor, await service.approve(actor, id)), 200);
  });

  app.post('/questions/:qid/dismiss', async (c) => {
    const { actor, id } = target(c, 'moderator', 'dismiss questions');
    const { reason } = await readJson(c, dismissSchema);
    return sendJson(c, await view(actor, await service.dismiss(actor, id, reason)), 200);
  });

  app.post('/questions/:qid/edit', async (c) => {
    const { actor, id } = target(c, 'moderator', 'edit questions');
    const { text } = await readJson(c, editSchema);
    return sendJson(c, await view(actor, await service.edit(actor, id, text)), 200);
  });

  app.post('/questions/:qid/merge', async (c) => {
    const { actor, id } = target(c, 'moderator', 'merge questions');
    const { intoId } = await readJson(c, mergeSchema);
    const { into, merged } = await service.merge(actor, id, intoId);
    const body: MergeResponse = { question: await view(actor, into), merged: await view(actor, merged) };
    return sendJson(c, body, 200);
  });

  app.post('/questions/:qid/star', async (c) => {
    const { actor, id } = target(c, 'moderator', 'star questions');
    const { starred } = await readOptionalJson(c, starSchema);
    return sendJson(c, await view(actor, await service.star(actor, id, starred)), 200);
  });

  app.post('/questions/:qid/escalate', async (c) => {
    const { actor, id } = target(c, 'moderator', 'escalate questions');
    const { reason } = await readOptionalJson(c, escalateSchema);
    return sendJson(c, await view(actor, await service.escalate(id, actor, reason)), 200);
  });

  app.post('/questions/:qid/live', async (c) => {
    const { actor, id } = target(c, 'host', 'send questions live');
    const body = await readOptionalJson(c, liveSchema);
    return sendJson(c, await view(actor, await service.markLive(id, actor, body.target)), 200);
  });

  app.post('/questions/:qid/answer', async (c) => {
    const { actor, id } = target(c, 'host', 'record answers');
    const body = await readJson(c, answerSchema);
    const row = await service.recordAnswer(
      id,
      { mode: body.mode, text: body.text, citations: body.citations, answeredBy: actor.identity },
      actor.roomId,
    );
    return sendJson(c, await view(actor, row), 200);
  });

  app.patch('/rooms/:id/qa', async (c) => {
    const actor = inRoom(
      requireRole(actorOf(c, deps.sessionSecret), 'moderator', 'change Q&A settings'),
      parseParam('id', roomIdSchema, c.req.param('id')),
    );
    const body = await readJson(c, settingsSchema);
    return sendJson(c, await service.updateSettings(actor, body), 200);
  });
}
