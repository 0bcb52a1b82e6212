import { Hono } from 'hono';
import { z } from 'zod';
import { parseParam, readJson } from '../../http/index.ts';
import type { Governance } from '../governance.ts';
import { unansweredSchema } from '../intake.ts';
import { actorOf, requireGrant, type GovEnv } from './auth.ts';
import { idParam, limitParam, roomParam } from './params.ts';

const text = z.string().trim().min(1, { error: 'must not be empty' }).max(20_000);
const statusQuery = z
  .enum(['pending', 'approved', 'rejected'], { error: 'must be pending, approved or rejected' })
  .optional();

/** The approval queue (comms), and the intake the agent reports unanswered questions to. */
export function approvalRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/approvals', async (c) => {
    requireGrant(c, 'comms', 'auditor');
    const status = parseParam('status', statusQuery, c.req.query('status'));
    const roomId = parseParam('roomId', roomParam.optional(), c.req.query('roomId'));
    const limit = parseParam('limit', limitParam, c.req.query('limit'));
    return c.json({
      approvals: await gov.approvals.list({
        ...(status ? { status } : {}),
        ...(roomId ? { roomId } : {}),
        ...(limit ? { limit } : {}),
      }),
    });
  });

  app.get('/approvals/:id', async (c) => {
    requireGrant(c, 'comms', 'auditor');
    return c.json(await gov.approvals.get(parseParam('id', idParam, c.req.param('id'))));
  });

  app.patch('/approvals/:id', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = parseParam('id', idParam, c.req.param('id'));
    const body = await readJson(c, z.strictObject({ text }));
    return c.json(await gov.approvals.edit(id, body.text, actorOf(p)));
  });

  app.post('/approvals/:id/approve', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = parseParam('id', idParam, c.req.param('id'));
    const body = await readJson(
      c,
      z.strictObject({ text: text.optional(), note: z.string().max(1_000).optional() }),
    );
    return c.json(
      await gov.approvals.approve(id, actorOf(p), {
        ...(body.text !== undefined ? { text: body.text } : {}),
        note: body.note ?? null,
      }),
    );
  });

  app.post('/approvals/:id/reject', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = parseParam('id', idParam, c.req.param('id'));
    const body = await readJson(
      c,
      z.strictObject({ reason: z.string().trim().min(1, { error: 'must not be empty' }).max(1_000) }),
    );
    return c.json(await gov.approvals.reject(id, actorOf(p), body.reason));
  });

  /** The agent (or comms, by hand) reports a declined or escalated question. */
  app.post('/intake', async (c) => {
    const p = requireGrant(c, 'comms', 'agent');
    const body = await readJson(c, unansweredSchema);
    return c.json(await gov.recordUnanswered(body, actorOf(p)), 201);
  });

  return app;
}
