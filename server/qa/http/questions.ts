import type { Hono } from 'hono';
import { z } from 'zod';
import { QUESTION_STATES, type QuestionState, type VoteResponse } from '../../../common/qa.ts';
import { parseParam, readJson } from '../../http/index.ts';
import { roomIdSchema } from '../../rooms/index.ts';
import { toQuestionView } from '../dto.ts';
import { questionTextSchema } from '../text-rules.ts';
import { actorOf, inRoom, questionIdSchema, readOptionalJson, sendJson } from './guard.ts';
import type { QaHttpDeps } from './deps.ts';

const submitSchema = z.strictObject({
  text: questionTextSchema,
  anonymous: z.boolean({ error: 'must be true or false' }).optional(),
});
const voteSchema = z.strictObject({ voted: z.boolean({ error: 'must be true or false' }).optional() });

const sortSchema = z.enum(['top', 'recent'], { error: 'must be top or recent' });
const statesSchema = z
  .string()
  .max(200)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every((s) => (QUESTION_STATES as readonly string[]).includes(s)), {
    error: `must be a comma-separated list of ${QUESTION_STATES.join(', ')}`,
  })
  .transform((list) => list as QuestionState[]);
const limitSchema = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(1000, { error: 'must be at most 1000' });

/** Listing, asking and voting: every joined person. */
export function mountQuestionRoutes(app: Hono, deps: QaHttpDeps): void {
  const { service } = deps.qa;

  app.get('/rooms/:id/questions', async (c) => {
    const actor = inRoom(actorOf(c, deps.sessionSecret), parseParam('id', roomIdSchema, c.req.param('id')));
    const q = c.req.query();
    const list = await service.list(actor, {
      sort: q.sort === undefined ? 'top' : parseParam('sort', sortSchema, q.sort),
      states: q.state === undefined ? null : parseParam('state', statesSchema, q.state),
      limit: q.limit === undefined ? 500 : parseParam('limit', limitSchema, q.limit),
    });
    return sendJson(c, list, 200);
  });

  app.post('/rooms/:id/questions', async (c) => {
    const actor = inRoom(actorOf(c, deps.sessionSecret), parseParam('id', roomIdSchema, c.req.param('id')));
    const body = await readJson(c, submitSchema);
    const res = await service.submit(actor, { text: body.text, anonymous: body.anonymous ?? false });
    return sendJson(c, res, res.duplicate ? 200 : 201);
  });

  app.get('/questions/:qid', async (c) => {
    const actor = actorOf(c, deps.sessionSecret);
    const id = parseParam('qid', questionIdSchema, c.req.param('qid'));
    const row = await service.get(actor, id);
    const voted = await deps.qa.repo.hasVoted(row.id, actor.identity);
    const staff = actor.role !== 'attendee';
    return sendJson(c, toQuestionView(row, { identity: actor.identity, staff }, voted), 200);
  });

  app.post('/questions/:qid/vote', async (c) => {
    const actor = actorOf(c, deps.sessionSecret);
    const id = parseParam('qid', questionIdSchema, c.req.param('qid'));
    const body = await readOptionalJson(c, voteSchema);
    const res = await service.vote(actor, id, body.voted);
    const out: VoteResponse & { seq: number } = { voted: res.voted, votes: res.votes, seq: res.seq };
    return sendJson(c, out, 200);
  });
}
