import { Hono } from 'hono';
import type { AppDeps } from './deps.ts';

/** `/healthz`: the process answers. `/readyz`: the database answers and media is configured. */
export function healthRoutes(deps: Pick<AppDeps, 'readiness'>): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }));
  app.get('/readyz', async (c) => {
    const report = await deps.readiness();
    if (report.ready)
      return c.json({ status: 'ready', checks: report.checks }, 200, { 'Cache-Control': 'no-store' });
    const failing = Object.entries(report.checks)
      .filter(([, v]) => v !== 'ok' && !v.startsWith('embedded') && !v.startsWith('external'))
      .map(([k, v]) => `${k}: ${v}`);
    return c.json(
      { error: { code: 'not_ready', message: `Not ready: ${failing.join('; ')}` }, checks: report.checks },
      503,
      { 'Cache-Control': 'no-store', 'Retry-After': '5' },
    );
  });
  return app;
}
