import { Hono } from 'hono';
import { z } from 'zod';
import { CONSENT_MODALITIES } from '../../../common/governance.ts';
import { parseParam, readJson } from '../../http/index.ts';
import { personaIdSchema, recordConsentSchema, revokeConsentSchema } from '../consent/schema.ts';
import type { Governance } from '../governance.ts';
import { actorOf, requireGrant, type GovEnv } from './auth.ts';
import { idParam, optionalIso, roomParam } from './params.ts';

const READERS = ['comms', 'consent', 'auditor', 'agent', 'control'] as const;

/** Consent records: view, record, revoke, and the in-force decision the agent asks for. */
export function consentRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/consent', async (c) => {
    requireGrant(c, ...READERS);
    const personaId = parseParam('personaId', personaIdSchema.optional(), c.req.query('personaId'));
    return c.json({ records: await gov.consent.list(personaId) });
  });

  app.post('/consent', async (c) => {
    const p = requireGrant(c, 'consent');
    const body = await readJson(c, recordConsentSchema);
    return c.json(await gov.consent.record(body, actorOf(p)), 201);
  });

  app.get('/consent/status', async (c) => {
    requireGrant(c, ...READERS);
    const personaId = parseParam('personaId', personaIdSchema, c.req.query('personaId'));
    const room = parseParam('room', roomParam.optional(), c.req.query('room'));
    const modality = parseParam(
      'modality',
      z.enum(CONSENT_MODALITIES, { error: 'must be statements, voice or likeness' }).optional(),
      c.req.query('modality'),
    );
    const topic = parseParam('topic', z.string().min(1).max(100).optional(), c.req.query('topic'));
    const at = parseParam('at', optionalIso, c.req.query('at'));
    return c.json(
      await gov.consentInForce({
        personaId,
        ...(room !== undefined ? { room } : {}),
        ...(modality !== undefined ? { modality } : {}),
        ...(topic !== undefined ? { topic } : {}),
        ...(at !== undefined ? { at: new Date(at) } : {}),
      }),
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  app.get('/consent/:id', async (c) => {
    requireGrant(c, ...READERS);
    return c.json(await gov.consent.get(parseParam('id', idParam, c.req.param('id'))));
  });

  app.post('/consent/:id/revoke', async (c) => {
    const p = requireGrant(c, 'consent');
    const id = parseParam('id', idParam, c.req.param('id'));
    return c.json(await gov.consent.revoke(id, await readJson(c, revokeConsentSchema), actorOf(p)));
  });

  return app;
}
