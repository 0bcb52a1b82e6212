import { Hono } from 'hono';
import type { Governance } from '../governance.ts';
import { requireGrant, type GovEnv } from './auth.ts';

/** The live rooms page: rooms, the people in each now, and the twin's state (same readers as /control). */
export function roomsRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/rooms', async (c) => {
    requireGrant(c, 'comms', 'control', 'agent', 'auditor');
    return c.json(await gov.liveRooms(), 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
