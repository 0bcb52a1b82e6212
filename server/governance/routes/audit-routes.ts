import { Hono } from 'hono';
import { parseParam, readJson } from '../../http/index.ts';
import { audioInputSchema, utteranceInputSchema } from '../audit/entry.ts';
import { GovernanceError } from '../errors.ts';
import type { Governance } from '../governance.ts';
import { actorOf, requireAdmin, requireGrant, type GovEnv } from './auth.ts';
import { indexParam, limitParam, optionalIndex } from './params.ts';

const READERS = ['comms', 'auditor', 'agent'] as const;
const noStore = { 'Cache-Control': 'no-store' };

/** The audit browser: tree heads, entries with proofs, verification, export, and appends by the agent. */
export function auditRoutes(gov: Governance): Hono<GovEnv> {
  const app = new Hono<GovEnv>();

  app.get('/audit/sth', async (c) => {
    requireGrant(c, ...READERS);
    return c.json(await gov.audit.latestSth(), 200, noStore);
  });

  app.get('/audit/keys', async (c) => {
    requireGrant(c, ...READERS);
    return c.json({ keys: await gov.audit.publicKeys() });
  });

  app.post('/audit/keys/rotate', async (c) => {
    const p = requireAdmin(c);
    return c.json(await gov.audit.rotateKey(actorOf(p)));
  });

  app.get('/audit/entries', async (c) => {
    requireGrant(c, ...READERS);
    const from = parseParam('from', optionalIndex, c.req.query('from')) ?? 0;
    const limit = parseParam('limit', limitParam, c.req.query('limit')) ?? 100;
    const [entries, sth] = await Promise.all([gov.audit.listEntries(from, limit), gov.audit.latestSth()]);
    return c.json({ entries, treeSize: sth.treeSize, sth }, 200, noStore);
  });

  app.get('/audit/entries/:index', async (c) => {
    requireGrant(c, ...READERS);
    const index = parseParam('index', indexParam, c.req.param('index'));
    const entry = await gov.audit.getEntry(index);
    if (!entry) throw new GovernanceError('not_found', `Audit entry ${index} not found`);
    return c.json(entry);
  });

  /** Inclusion proof of one entry in the tree of `size` entries (default: the latest). */
  app.get('/audit/entries/:index/proof', async (c) => {
    requireGrant(c, ...READERS);
    const index = parseParam('index', indexParam, c.req.param('index'));
    const size = parseParam('size', optionalIndex, c.req.query('size'));
    return c.json(await gov.audit.proveInclusion(index, size), 200, noStore);
  });

  app.get('/audit/consistency', async (c) => {
    requireGrant(c, ...READERS);
    const first = parseParam('first', indexParam, c.req.query('first'));
    const second = parseParam('second', optionalIndex, c.req.query('second'));
    return c.json(await gov.audit.proveConsistency(first, second), 200, noStore);
  });

  /** Re-verifies the whole stored log (every entry, every signed tree head). */
  app.get('/audit/verify', async (c) => {
    requireGrant(c, 'comms', 'auditor');
    return c.json(await gov.audit.verify(), 200, noStore);
  });

  /** The export `npm run audit -- verify FILE` checks (JSON Lines, streamed). */
  app.get('/audit/export', (c) => {
    requireGrant(c, 'comms', 'auditor');
    const lines = gov.audit.exportLines()[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          controller.error(err);
        }
      },
      async cancel() {
        await lines.return?.(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="podium-audit-${new Date().toISOString().slice(0, 10)}.jsonl"`,
        'Cache-Control': 'no-store',
      },
    });
  });

  /** The agent logs an utterance BEFORE speaking it; speak only after a 201. */
  app.post('/audit/utterances', async (c) => {
    requireGrant(c, 'agent');
    const body = await readJson(c, utteranceInputSchema);
    return c.json(await gov.audit.appendUtterance(body), 201);
  });

  app.post('/audit/utterances/:index/audio', async (c) => {
    requireGrant(c, 'agent');
    const index = parseParam('index', indexParam, c.req.param('index'));
    const body = await readJson(c, audioInputSchema.omit({ utteranceIndex: true }));
    return c.json(await gov.audit.appendAudio({ ...body, utteranceIndex: index }), 201);
  });

  return app;
}
