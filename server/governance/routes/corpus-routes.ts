import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { HttpError, parseParam, readJson } from '../../http/index.ts';
import { personaIdSchema } from '../consent/schema.ts';
import { corpusFileSchema, uploadCorpusSchema, withdrawCorpusSchema } from '../corpus/schema.ts';
import type { UploadCorpusInput } from '../corpus/schema.ts';
import type { Governance } from '../governance.ts';
import { actorOf, requireGrant, type GovEnv } from './auth.ts';

const READERS = ['comms', 'consent', 'auditor', 'agent', 'control'] as const;

const versionParam = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, { error: 'must be a version number (1, 2, …)' })
  .transform(Number);

const MARKDOWN_TYPE = /^text\/(x-)?markdown\b/i;

/** JSON `{file, markdown, note?}`, or the Markdown itself (text/markdown) with `?file=&note=`. */
async function readUpload(c: Context<GovEnv>): Promise<UploadCorpusInput> {
  const type = c.req.header('content-type') ?? '';
  if (!MARKDOWN_TYPE.test(type)) return readJson(c, uploadCorpusSchema);
  const fileName = c.req.query('file');
  if (fileName === undefined)
    throw new HttpError(
      400,
      'invalid_request',
      'file: is required (send ?file=name.md with a text/markdown body)',
    );
  const markdown = await c.req.text();
  const note = c.req.query('note');
  const parsed = uploadCorpusSchema.safeParse({
    file: parseParam('file', corpusFileSchema, fileName),
    markdown,
    ...(note !== undefined ? { note } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === 'markdown' ? 'body' : String(issue?.path[0] ?? 'body');
    throw new HttpError(400, 'invalid_request', `${field}: ${issue?.message ?? 'is not valid'}`);
  }
  return parsed.data;
}

/** Corpus documents of a persona: list, versions, diff; upload, approve and withdraw (comms). */
export function corpusRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();
  const persona = (c: Context<GovEnv>) => parseParam('id', personaIdSchema, c.req.param('id'));
  const file = (c: Context<GovEnv>) => parseParam('file', corpusFileSchema, c.req.param('file'));

  app.get('/personas/:id/corpus', async (c) => {
    requireGrant(c, ...READERS);
    const personaId = persona(c);
    return c.json({ personaId, documents: await gov.corpus.list(personaId) });
  });

  // Body limit: GOVERNANCE_UPLOAD_ROUTES (512 KiB), applied by the app before the body is read.
  app.post('/personas/:id/corpus', async (c) => {
    const p = requireGrant(c, 'comms');
    const personaId = persona(c);
    const upload = await readUpload(c);
    return c.json(await gov.corpus.upload(personaId, upload, actorOf(p)), 201);
  });

  app.get('/personas/:id/corpus/:file', async (c) => {
    requireGrant(c, ...READERS);
    return c.json(await gov.corpus.document(persona(c), file(c)));
  });

  app.get('/personas/:id/corpus/:file/versions/:v', async (c) => {
    requireGrant(c, ...READERS);
    const v = parseParam('v', versionParam, c.req.param('v'));
    return c.json(await gov.corpus.version(persona(c), file(c), v));
  });

  app.get('/personas/:id/corpus/:file/diff', async (c) => {
    requireGrant(c, ...READERS);
    const from = parseParam('from', versionParam.optional(), c.req.query('from'));
    const to = parseParam('to', versionParam.optional(), c.req.query('to'));
    return c.json(
      await gov.corpus.diff(persona(c), file(c), {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      }),
    );
  });

  app.post('/personas/:id/corpus/:file/versions/:v/approve', async (c) => {
    const p = requireGrant(c, 'comms');
    const v = parseParam('v', versionParam, c.req.param('v'));
    return c.json(await gov.corpus.approve(persona(c), file(c), v, actorOf(p)));
  });

  app.post('/personas/:id/corpus/:file/withdraw', async (c) => {
    const p = requireGrant(c, 'comms');
    const personaId = persona(c);
    const f = file(c);
    const body = await readJson(c, withdrawCorpusSchema);
    return c.json(await gov.corpus.withdraw(personaId, f, body, actorOf(p)));
  });

  return app;
}
