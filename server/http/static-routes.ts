import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { errorResponse } from './error-body.ts';
import {
  CACHE_ASSETS,
  CACHE_IMMUTABLE,
  CACHE_REVALIDATE,
  fileResponse,
  isDirectory,
  safeResolve,
} from './static-files.ts';

export interface StaticDirs {
  /** The built client (`vite build` output, dist/client). */
  clientDir: string;
  /** The repository's assets/ folder, served at /assets/. */
  assetsDir: string;
}

const notFound = (c: Context) => errorResponse(c, 404, 'not_found', `No file at ${c.req.path}`);

/** A last path segment with a dot names a file; without one it is an app route for the SPA. */
function looksLikeFile(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.');
}

/**
 * Static files and the single-page-app fallback. Mount after every API and SFU route: the fallback
 * answers any remaining GET outside /api.
 */
export function mountStatic(app: Hono, dirs: StaticDirs): void {
  const appDir = join(dirs.clientDir, '_app');

  // Hashed build output: the name changes with the content, so it can be cached forever.
  app.get('/_app/*', async (c) => {
    const path = safeResolve(appDir, c.req.path.slice('/_app/'.length));
    return (path && (await fileResponse(c.req.raw, path, CACHE_IMMUTABLE))) || notFound(c);
  });

  // Unhashed repository assets: cached for an hour, then revalidated with ETag / Last-Modified.
  app.get('/assets/*', async (c) => {
    const path = safeResolve(dirs.assetsDir, c.req.path.slice('/assets/'.length));
    return (path && (await fileResponse(c.req.raw, path, CACHE_ASSETS))) || notFound(c);
  });

  app.get('*', async (c) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) {
      return errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${path}`);
    }
    if (!(await isDirectory(dirs.clientDir))) {
      return errorResponse(
        c,
        503,
        'client_not_built',
        'The browser app is not built: run `npm run build` (or `npm start`, which builds it).',
      );
    }
    if (looksLikeFile(path)) {
      const file = safeResolve(dirs.clientDir, path);
      return (file && (await fileResponse(c.req.raw, file, CACHE_REVALIDATE))) || notFound(c);
    }
    // The admin console is its own page (client/console.html); everything else is the town hall.
    const page = path === '/console' || path.startsWith('/console/') ? 'console.html' : 'index.html';
    const index = await fileResponse(c.req.raw, join(dirs.clientDir, page), CACHE_REVALIDATE);
    return (
      index ?? errorResponse(c, 503, 'client_not_built', `dist/client has no ${page}: run \`npm run build\`.`)
    );
  });
}
