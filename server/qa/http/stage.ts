import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { parseParam, readJson } from '../../http/index.ts';
import { roomIdSchema } from '../../rooms/index.ts';
import type { QaHttpDeps } from './deps.ts';
import { actorOf, identitySchema, inRoom, readOptionalJson, requireRole, sendJson } from './guard.ts';

const handSchema = z.strictObject({ raised: z.boolean({ error: 'must be true or false' }) });
const stageSchema = z.strictObject({ onStage: z.boolean({ error: 'must be true or false' }) });
const muteSchema = z.strictObject({
  trackSid: z
    .string({ error: 'must be a string' })
    .regex(/^TR_[A-Za-z0-9]{1,64}$/, { error: 'is not a track sid' })
    .optional(),
});
const empty = z.strictObject({});

/** Raised hands, the stage, and the host's controls over the media room. */
export function mountStageRoutes(app: Hono, deps: QaHttpDeps): void {
  const { stage } = deps.qa;
  const caller = (c: Context) =>
    inRoom(actorOf(c, deps.sessionSecret), parseParam('id', roomIdSchema, c.req.param('id')));
  const person = (c: Context) => parseParam('identity', identitySchema, c.req.param('identity'));

  app.get('/rooms/:id/stage', async (c) => {
    const actor = caller(c);
    return sendJson(c, await stage.list(actor.roomId), 200);
  });

  app.post('/rooms/:id/hand', async (c) => {
    const actor = caller(c);
    const { raised } = await readJson(c, handSchema);
    return sendJson(c, await stage.raiseHand(actor, raised), 200);
  });

  app.post('/rooms/:id/stage-sync', async (c) => {
    const actor = caller(c);
    await readOptionalJson(c, empty);
    return sendJson(c, await stage.resync(actor), 200);
  });

  app.post('/rooms/:id/stage/:identity', async (c) => {
    const actor = requireRole(caller(c), 'moderator', 'bring people on stage');
    const identity = person(c);
    const { onStage } = await readJson(c, stageSchema);
    return sendJson(c, await stage.setOnStage(actor, identity, onStage), 200);
  });

  app.post('/rooms/:id/participants/:identity/mute', async (c) => {
    const actor = requireRole(caller(c), 'host', 'mute people');
    const identity = person(c);
    const { trackSid } = await readOptionalJson(c, muteSchema);
    return sendJson(c, await stage.mute(actor, identity, trackSid), 200);
  });

  app.post('/rooms/:id/mute-all', async (c) => {
    const actor = requireRole(caller(c), 'host', 'mute everyone');
    await readOptionalJson(c, empty);
    return sendJson(c, await stage.muteAll(actor), 200);
  });

  app.post('/rooms/:id/participants/:identity/remove', async (c) => {
    const actor = requireRole(caller(c), 'host', 'remove people');
    const identity = person(c);
    await readOptionalJson(c, empty);
    await stage.remove(actor, identity);
    return c.body(null, 204);
  });

  app.post('/rooms/:id/end', async (c) => {
    const actor = requireRole(caller(c), 'host', 'end the session');
    await readOptionalJson(c, empty);
    return sendJson(c, await stage.end(actor), 200);
  });
}
