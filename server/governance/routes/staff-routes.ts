import { Hono } from 'hono';
import { parseParam, readJson } from '../../http/index.ts';
import type { Governance } from '../governance.ts';
import { staffInputSchema, staffPatchSchema } from '../staff/staff-repo.ts';
import { actorOf, principalDto, requireAdmin, type GovEnv } from './auth.ts';
import { idParam } from './params.ts';

/** `/me` for everyone; staff management for the admin only. */
export function staffRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/me', (c) => c.json(principalDto(c.get('principal'))));

  app.get('/staff', async (c) => {
    requireAdmin(c);
    return c.json({ staff: await gov.staff.list() });
  });

  app.post('/staff', async (c) => {
    const p = requireAdmin(c);
    const body = await readJson(c, staffInputSchema);
    return c.json(await gov.staff.create(body, actorOf(p)), 201, { 'Cache-Control': 'no-store' });
  });

  app.get('/staff/:id', async (c) => {
    requireAdmin(c);
    return c.json(await gov.staff.get(parseParam('id', idParam, c.req.param('id'))));
  });

  app.patch('/staff/:id', async (c) => {
    const p = requireAdmin(c);
    const id = parseParam('id', idParam, c.req.param('id'));
    return c.json(await gov.staff.update(id, await readJson(c, staffPatchSchema), actorOf(p)));
  });

  app.post('/staff/:id/token', async (c) => {
    const p = requireAdmin(c);
    const id = parseParam('id', idParam, c.req.param('id'));
    return c.json(await gov.staff.rotateToken(id, actorOf(p)), 200, { 'Cache-Control': 'no-store' });
  });

  app.delete('/staff/:id', async (c) => {
    const p = requireAdmin(c);
    return c.json(await gov.staff.revoke(parseParam('id', idParam, c.req.param('id')), actorOf(p)));
  });

  return app;
}
