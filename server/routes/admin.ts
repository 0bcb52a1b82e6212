import { Hono } from 'hono';
import { z } from 'zod';
import type { InviteListResponse, RoomListResponse } from '../../common/admin-api.ts';
import { adminAuth, randomSuffix, slugOf } from '../auth/index.ts';
import { parseParam, readJson } from '../http/index.ts';
import {
  DEFAULT_CAPACITY,
  createInvite,
  createInviteSchema,
  createRoomSchema,
  roomIdSchema,
  roomNotFound,
  toInviteDto,
  updateRoomSchema,
} from '../rooms/index.ts';
import type { AppDeps } from './deps.ts';
import { requestOrigin } from './request-origin.ts';

const inviteIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'is not an invite id' });

/** The admin API, behind `Authorization: Bearer <ADMIN_SECRET>`. */
export function adminRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const log = deps.log.child({ module: 'admin' });
  const baseUrl = (origin: string) => deps.config.publicUrl ?? origin;
  app.use('*', adminAuth(deps.config.adminSecret));

  app.get('/rooms', async (c) => {
    const body: RoomListResponse = { rooms: await deps.rooms.list() };
    return c.json(body);
  });

  app.post('/rooms', async (c) => {
    const req = await readJson(c, createRoomSchema);
    const room = await deps.rooms.create({
      id: req.id ?? `${slugOf(req.title)}-${randomSuffix().slice(0, 4)}`,
      title: req.title,
      kind: req.kind,
      capacity: req.capacity ?? DEFAULT_CAPACITY[req.kind],
      openJoin: req.openJoin ?? false,
    });
    log.info({ roomId: room.id, kind: room.kind }, 'room created');
    return c.json(room, 201);
  });

  app.get('/rooms/:id', async (c) => {
    const id = parseParam('id', roomIdSchema, c.req.param('id'));
    const room = await deps.rooms.get(id);
    if (!room) throw roomNotFound(id);
    return c.json(room);
  });

  app.patch('/rooms/:id', async (c) => {
    const id = parseParam('id', roomIdSchema, c.req.param('id'));
    const room = await deps.rooms.update(id, await readJson(c, updateRoomSchema));
    log.info({ roomId: id }, 'room updated');
    return c.json(room);
  });

  app.delete('/rooms/:id', async (c) => {
    const id = parseParam('id', roomIdSchema, c.req.param('id'));
    await deps.rooms.delete(id);
    log.info({ roomId: id }, 'room deleted');
    return c.body(null, 204);
  });

  app.post('/rooms/:id/invites', async (c) => {
    const id = parseParam('id', roomIdSchema, c.req.param('id'));
    const req = await readJson(c, createInviteSchema);
    const invite = await createInvite(
      { invites: deps.invites, sessionSecret: deps.config.sessionSecret },
      id,
      req,
      baseUrl(requestOrigin(c)),
    );
    log.info({ roomId: id, inviteId: invite.id, role: invite.role }, 'invite created');
    return c.json(invite, 201);
  });

  app.get('/rooms/:id/invites', async (c) => {
    const id = parseParam('id', roomIdSchema, c.req.param('id'));
    if (!(await deps.rooms.get(id))) throw roomNotFound(id);
    const rows = await deps.invites.listForRoom(id);
    const base = baseUrl(requestOrigin(c));
    const body: InviteListResponse = {
      invites: rows.map((r) => toInviteDto(r, deps.config.sessionSecret, base)),
    };
    return c.json(body);
  });

  app.delete('/invites/:id', async (c) => {
    const id = parseParam('id', inviteIdSchema, c.req.param('id'));
    const row = await deps.invites.revoke(id);
    log.info({ inviteId: id, roomId: row.room_id }, 'invite revoked');
    return c.json(toInviteDto(row, deps.config.sessionSecret, baseUrl(requestOrigin(c))));
  });

  return app;
}
