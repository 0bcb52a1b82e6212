import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { parseParam, readJson } from '../../http/index.ts';
import type { Governance } from '../governance.ts';
import { actorOf, requireGrant, type GovEnv } from './auth.ts';
import { reasonBody, roomParam } from './params.ts';

const READERS = ['comms', 'control', 'agent', 'auditor'] as const;
const handoverBody = z.strictObject({
  to: z.enum(['leader', 'twin'], { error: 'must be "leader" or "twin"' }),
  reason: z.string().trim().min(1).max(1_000).optional(),
});

/** Live control of the twin: per-room pause / resume / hand-over and the global kill switch. */
export function controlRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();
  const noStore = { 'Cache-Control': 'no-store' };

  app.get('/control', async (c) => {
    requireGrant(c, ...READERS);
    return c.json(await gov.control.overview(), 200, noStore);
  });

  app.get('/control/rooms/:roomId', async (c) => {
    requireGrant(c, ...READERS);
    return c.json(
      await gov.control.state(parseParam('roomId', roomParam, c.req.param('roomId'))),
      200,
      noStore,
    );
  });

  app.post('/control/rooms/:roomId/pause', async (c) => {
    const p = requireGrant(c, 'comms', 'control');
    const roomId = parseParam('roomId', roomParam, c.req.param('roomId'));
    const { reason } = await readOptionalJson(c);
    return c.json(await gov.control.pause(roomId, actorOf(p), reason ?? null));
  });

  app.post('/control/rooms/:roomId/resume', async (c) => {
    const p = requireGrant(c, 'comms', 'control');
    const roomId = parseParam('roomId', roomParam, c.req.param('roomId'));
    const { reason } = await readOptionalJson(c);
    return c.json(await gov.control.resume(roomId, actorOf(p), reason ?? null));
  });

  app.post('/control/rooms/:roomId/handover', async (c) => {
    const p = requireGrant(c, 'comms', 'control');
    const roomId = parseParam('roomId', roomParam, c.req.param('roomId'));
    const body = await readJson(c, handoverBody);
    return c.json(await gov.control.handOver(roomId, body.to, actorOf(p), body.reason ?? null));
  });

  app.post('/control/kill', async (c) => {
    const p = requireGrant(c, 'comms', 'control');
    const { reason } = await readOptionalJson(c);
    return c.json(await gov.control.kill(actorOf(p), reason ?? 'kill switch'));
  });

  app.post('/control/revive', async (c) => {
    const p = requireGrant(c, 'comms');
    const { reason } = await readOptionalJson(c);
    return c.json(await gov.control.revive(actorOf(p), reason ?? null));
  });

  return app;
}

/** An optional `{ "reason" }` body: stopping the twin must never fail for want of a body. */
async function readOptionalJson(c: Context): Promise<{ reason?: string | undefined }> {
  const length = c.req.header('content-length');
  if (length === '0' || (length === undefined && !c.req.header('content-type'))) return {};
  return readJson(c, reasonBody);
}
