import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { AvatarRejectedBody } from '../../../common/governance.ts';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, HttpError, errorResponse, parseParam } from '../../http/index.ts';
import { personaIdSchema } from '../consent/schema.ts';
import { GovernanceError } from '../errors.ts';
import type { Governance } from '../governance.ts';
import { AvatarError } from '../personas/glb.ts';
import { actorOf, requireGrant, type GovEnv } from './auth.ts';

const READERS = ['comms', 'consent', 'auditor', 'agent', 'control'] as const;
const GLB_TYPES = /^(application\/octet-stream|model\/gltf-binary)\b/i;

const personaId = (c: Context) => parseParam('id', personaIdSchema, c.req.param('id'));

/** Personas under /api/governance: list, detail, avatar upload (comms). */
export function personaRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/personas', async (c) => {
    requireGrant(c, ...READERS);
    return c.json({ personas: await gov.personas.list() });
  });

  app.get('/personas/:id', async (c) => {
    requireGrant(c, ...READERS);
    return c.json(await gov.personas.get(personaId(c)));
  });

  // Body limit: GOVERNANCE_UPLOAD_ROUTES (20 MiB), applied by the app before the body is read.
  app.post('/personas/:id/avatar', async (c) => {
    const p = requireGrant(c, 'comms');
    const id = personaId(c);
    const type = c.req.header('content-type');
    if (!type || !GLB_TYPES.test(type))
      throw new HttpError(
        415,
        'unsupported_media_type',
        `Send the avatar as a GLB file with Content-Type model/gltf-binary or application/octet-stream, got ${type ?? 'none'}`,
      );
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw new HttpError(400, 'invalid_request', 'body: the GLB file is empty');
    try {
      const result = await gov.personas.setAvatar(id, bytes, actorOf(p));
      return c.json(result, result.changed ? 201 : 200);
    } catch (err) {
      if (!(err instanceof AvatarError)) throw err;
      if (err.code === 'avatar_missing_morph_targets') {
        const body: AvatarRejectedBody = {
          error: { code: err.code, message: err.message, missing: [...err.missing] },
        };
        return c.json(body, 422, { 'Cache-Control': 'no-store' });
      }
      throw new HttpError(400, err.code, err.message, { cause: err });
    }
  });

  return app;
}

/**
 * Public: GET /api/personas/:id/avatar.glb. Every client in a room loads the twin's avatar, so no
 * credentials. The uploaded file with a strong ETag (its sha256); the `?v=` URL the persona
 * advertises is cached for good, the bare URL revalidated. Without an upload: a redirect to
 * persona.json's model under /assets/avatars/, or 404.
 */
export function publicPersonaRoutes(gov: Governance): Hono {
  const app = new Hono();
  app.on(['GET', 'HEAD'], '/personas/:id/avatar.glb', async (c) => {
    const id = personaId(c);
    let location;
    try {
      location = await gov.personas.avatarLocation(id);
    } catch (err) {
      if (err instanceof GovernanceError && err.code === 'not_found')
        throw new HttpError(404, 'not_found', err.message, { cause: err });
      throw err;
    }
    if (location.kind === 'none') return errorResponse(c, 404, 'no_avatar', `Persona ${id} has no avatar`);
    if (location.kind === 'model') return c.redirect(location.url, 307);
    const etag = `"${location.sha256}"`;
    const versioned = c.req.query('v') === location.sha256.slice(0, 16);
    const headers = new Headers({
      'Cache-Control': versioned ? CACHE_IMMUTABLE : `public, ${CACHE_REVALIDATE}`,
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    });
    const inm = c.req.header('if-none-match');
    if (inm && (inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)))
      return new Response(null, { status: 304, headers });
    headers.set('Content-Type', 'model/gltf-binary');
    headers.set('Content-Length', String(location.bytes));
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(location.path)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  });
  return app;
}
