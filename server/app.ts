import { Hono } from 'hono';
import {
  createErrorHandler,
  apiBodyLimit,
  jsonNotFound,
  mountStatic,
  type StaticDirs,
} from './http/index.ts';
import { VOICE_QUESTION_MAX_BYTES } from './agent/index.ts';
import { GOVERNANCE_UPLOAD_ROUTES } from './governance/index.ts';
import { requestLogger } from './log/index.ts';
import { apiRoutes, healthRoutes, mapDomainError, type AppDeps } from './routes/index.ts';

/** Routes that take more than a JSON body: recorded voice questions, corpus and avatar uploads. */
const UPLOAD_ROUTES = [
  { path: /^\/api\/rooms\/[^/]+\/voice-question$/, maxBytes: VOICE_QUESTION_MAX_BYTES },
  ...GOVERNANCE_UPLOAD_ROUTES,
];

export interface AppOptions {
  staticDirs: StaticDirs;
  /** The embedded SFU's routes (`/rtc/validate`, `/twirp/...`), mounted before the SPA fallback. */
  mediaApp?: Hono | undefined;
}

/**
 * The whole HTTP surface. Order matters: logging and the error mapper wrap everything; API and SFU
 * routes come before static files, whose catch-all serves the single-page app.
 */
export function createApp(deps: AppDeps, options: AppOptions): Hono {
  const app = new Hono();
  const httpLog = deps.log.child({ module: 'http' });
  app.use(requestLogger(httpLog));
  app.onError(createErrorHandler(httpLog, mapDomainError));
  app.notFound(jsonNotFound);

  app.route('/', healthRoutes(deps));
  app.use('/api/*', apiBodyLimit(UPLOAD_ROUTES));
  app.route('/api', apiRoutes(deps));
  if (options.mediaApp) app.route('/', options.mediaApp);
  mountStatic(app, options.staticDirs);
  return app;
}
