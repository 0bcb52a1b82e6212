import { Hono } from 'hono';
import type { QaHttpDeps } from './deps.ts';
import { mountExportRoutes } from './export.ts';
import { toHttpError } from './guard.ts';
import { mountModerationRoutes } from './moderation.ts';
import { mountQuestionRoutes } from './questions.ts';
import { mountStageRoutes } from './stage.ts';

export type { QaHttpDeps } from './deps.ts';

/**
 * The Q&A API as a Hono sub-app, mounted under /api. Every route needs the session cookie and acts
 * in the session's room; roles are checked here, on the server.
 */
export function qaRoutes(deps: QaHttpDeps): Hono {
  const app = new Hono();
  // QaError becomes an HttpError; the app's error handler writes every error body the same way.
  app.onError((err) => {
    throw toHttpError(err);
  });
  mountQuestionRoutes(app, deps);
  mountModerationRoutes(app, deps);
  mountStageRoutes(app, deps);
  mountExportRoutes(app, deps);
  return app;
}
