import { Hono } from 'hono';
import { z } from 'zod';
import { FOLLOWUP_STATUSES, type FollowupDto } from '../../../common/governance.ts';
import { HttpError, parseParam, readJson } from '../../http/index.ts';
import { routingTableSchema } from '../followups/routing.ts';
import type { Governance } from '../governance.ts';
import { actorOf, ownedTeams, requireGrant, type GovEnv, type Principal } from './auth.ts';
import { idParam, limitParam, roomParam } from './params.ts';

const text = z.string().trim().min(1, { error: 'must not be empty' }).max(20_000);
const teamId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a kebab-case team id' });
const createBody = z.strictObject({
  roomId: roomParam,
  questionId: z.string().min(1).max(100).nullable().default(null),
  question: text,
  topic: z.string().max(200).nullable().default(null),
  reason: z.string().trim().min(1).max(200).default('manual'),
});

/** Comms (and the admin) see every follow-up; an owner only their teams'. */
function isComms(p: Principal): boolean {
  return p.kind === 'admin' || p.staff.roles.includes('comms');
}

async function visible(gov: Governance, p: Principal, id: string, history = false): Promise<FollowupDto> {
  const f = await gov.followups.get(id, { history });
  if (
    !isComms(p) &&
    !(p.kind === 'staff' && p.staff.roles.includes('auditor')) &&
    !ownedTeams(p).includes(f.team)
  ) {
    // Same answer as for an unknown id: an owner learns nothing about other teams' questions.
    throw new HttpError(404, 'not_found', `Follow-up ${id} not found`);
  }
  return f;
}

/** Follow-up tasks: routing table, lists, lifecycle (draft → approve → publish) and history. */
export function followupRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/followups/routing', async (c) => {
    requireGrant(c, 'comms', 'owner', 'auditor', 'agent');
    return c.json(await gov.followups.routing());
  });

  app.put('/followups/routing', async (c) => {
    const p = requireGrant(c, 'comms');
    return c.json(await gov.followups.setRouting(await readJson(c, routingTableSchema), actorOf(p)));
  });

  app.get('/followups', async (c) => {
    const p = requireGrant(c, 'comms', 'owner', 'auditor');
    const status = parseParam(
      'status',
      z.enum(FOLLOWUP_STATUSES, { error: `must be one of ${FOLLOWUP_STATUSES.join(', ')}` }).optional(),
      c.req.query('status'),
    );
    const team = parseParam('team', teamId.optional(), c.req.query('team'));
    const roomId = parseParam('roomId', roomParam.optional(), c.req.query('roomId'));
    const overdue = parseParam(
      'overdue',
      z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
      c.req.query('overdue'),
    );
    const limit = parseParam('limit', limitParam, c.req.query('limit'));
    const seesAll = isComms(p) || (p.kind === 'staff' && p.staff.roles.includes('auditor'));
    return c.json({
      followups: await gov.followups.list({
        ...(status ? { status } : {}),
        ...(team ? { team } : {}),
        ...(roomId ? { roomId } : {}),
        ...(overdue === 'true' ? { overdue: true } : {}),
        ...(limit ? { limit } : {}),
        ...(seesAll ? {} : { teams: ownedTeams(p) }),
      }),
    });
  });

  app.post('/followups', async (c) => {
    const p = requireGrant(c, 'comms');
    const body = await readJson(c, createBody);
    return c.json(
      await gov.followups.create(
        {
          roomId: body.roomId,
          questionId: body.questionId,
          question: body.question,
          asker: null,
          origin: 'manual',
          reason: body.reason,
          topic: body.topic,
        },
        actorOf(p),
      ),
      201,
    );
  });

  app.get('/followups/:id', async (c) => {
    const p = requireGrant(c, 'comms', 'owner', 'auditor');
    return c.json(await visible(gov, p, parseParam('id', idParam, c.req.param('id')), true));
  });

  app.post('/followups/:id/draft', async (c) => {
    const p = requireGrant(c, 'comms', 'owner');
    const id = parseParam('id', idParam, c.req.param('id'));
    await visible(gov, p, id);
    const body = await readJson(c, z.strictObject({ text }));
    return c.json(await gov.followups.draft(id, body.text, actorOf(p)));
  });

  app.post('/followups/:id/approve', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = parseParam('id', idParam, c.req.param('id'));
    const body = await readJson(c, z.strictObject({ text: text.optional() }));
    return c.json(await gov.followups.approve(id, actorOf(p), body.text));
  });

  app.post('/followups/:id/return', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = parseParam('id', idParam, c.req.param('id'));
    const body = await readJson(
      c,
      z.strictObject({ note: z.string().trim().min(1, { error: 'must not be empty' }).max(2_000) }),
    );
    return c.json(await gov.followups.returnToOwner(id, body.note, actorOf(p)));
  });

  app.post('/followups/:id/assign', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = parseParam('id', idParam, c.req.param('id'));
    const body = await readJson(c, z.strictObject({ team: teamId }));
    return c.json(await gov.followups.assign(id, body.team, actorOf(p)));
  });

  app.post('/followups/:id/publish', async (c) => {
    const p = requireGrant(c, 'comms');
    return c.json(await gov.followups.publish(parseParam('id', idParam, c.req.param('id')), actorOf(p)));
  });

  return app;
}
