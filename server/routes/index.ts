import { Hono } from 'hono';
import { voiceRoutes } from '../agent/index.ts';
import { governanceRoutes, publicPersonaRoutes } from '../governance/index.ts';
import { qaRoutes } from '../qa/index.ts';
import { adminRoutes } from './admin.ts';
import type { AppDeps } from './deps.ts';
import { livekitUrlFor, publicRoutes } from './public.ts';
import { sessionRoutes } from './session.ts';

export type { AppDeps, ReadinessReport, TwinPresence } from './deps.ts';
export { mapDomainError } from './error-map.ts';
export { healthRoutes } from './health.ts';
export { livekitUrlFor } from './public.ts';

/** Everything under /api. */
export function apiRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  api.route('/', publicRoutes(deps));
  api.route('/', publicPersonaRoutes(deps.governance));
  api.route('/', sessionRoutes(deps));
  api.route('/admin', adminRoutes(deps));
  api.route('/', qaRoutes({ qa: deps.qa, sessionSecret: deps.config.sessionSecret, rooms: deps.rooms }));
  api.route(
    '/',
    voiceRoutes({
      sessionSecret: deps.config.sessionSecret,
      voice: async () => (deps.twin ? deps.twin.voice() : null),
      livekitUrl: (requestUrl, forwardedProto) => livekitUrlFor(deps, requestUrl, forwardedProto),
    }),
  );
  api.route(
    '/governance',
    governanceRoutes({
      governance: deps.governance,
      adminSecret: deps.config.adminSecret,
      sessionSecret: deps.config.sessionSecret,
    }),
  );
  return api;
}
