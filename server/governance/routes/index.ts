import { Hono } from 'hono';
import { errorResponse, parseParam } from '../../http/index.ts';
import { GOVERNANCE_STATUS, GovernanceError } from '../errors.ts';
import type { Governance } from '../governance.ts';
import { approvalRoutes } from './approvals-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { governanceAuth, requireGrant, type GovEnv } from './auth.ts';
import { consentRoutes } from './consent-routes.ts';
import { controlRoutes } from './control-routes.ts';
import { corpusRoutes } from './corpus-routes.ts';
import { followupRoutes } from './followups-routes.ts';
import { optionalIso, roomParam } from './params.ts';
import { personaRoutes } from './persona-routes.ts';
import { roomsRoutes } from './rooms-routes.ts';
import { staffRoutes } from './staff-routes.ts';

export interface GovernanceRouteDeps {
  governance: Governance;
  adminSecret: string;
  sessionSecret: string;
}

/**
 * Everything under /api/governance, for the admin (admin secret) and staff (governance tokens)
 * only; room sessions of any role are refused. GovernanceErrors become their HTTP status here;
 * everything else goes to the app's error handler.
 */
export function governanceRoutes(deps: GovernanceRouteDeps): Hono<GovEnv> {
  const gov = deps.governance;
  const app = new Hono<GovEnv>();
  app.onError((err, c) => {
    if (err instanceof GovernanceError) {
      return errorResponse(c, GOVERNANCE_STATUS[err.code], err.code, err.message);
    }
    throw err;
  });
  app.use(
    '*',
    governanceAuth({ adminSecret: deps.adminSecret, sessionSecret: deps.sessionSecret, staff: gov.staff }),
  );

  app.route('/', staffRoutes(gov));
  app.route('/', consentRoutes(gov));
  app.route('/', controlRoutes(gov));
  app.route('/', roomsRoutes(gov));
  app.route('/', approvalRoutes(gov));
  app.route('/', followupRoutes(gov));
  app.route('/', auditRoutes(gov));
  app.route('/', personaRoutes(gov));
  app.route('/', corpusRoutes(gov));

  app.get('/metrics', async (c) => {
    requireGrant(c, 'comms', 'auditor');
    const roomId = parseParam('roomId', roomParam.optional(), c.req.query('roomId'));
    const since = parseParam('since', optionalIso, c.req.query('since'));
    return c.json(
      await gov.metrics({ ...(roomId ? { roomId } : {}), ...(since ? { since: new Date(since) } : {}) }),
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  // Unknown governance paths answer 404 only to authenticated callers (the auth middleware ran first).
  app.all('*', (c) => errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
  return app;
}
