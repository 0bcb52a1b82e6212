import type { Context, Hono } from 'hono';
import { parseParam } from '../../http/index.ts';
import { roomIdSchema, roomNotFound } from '../../rooms/index.ts';
import { buildExport, toCsv, type QaExport } from '../export.ts';
import type { QaHttpDeps } from './deps.ts';
import { actorOf, inRoom, requireRole, sendJson } from './guard.ts';

/** `GET /rooms/:id/qa.json` and `qa.csv`: the room's whole Q&A, for moderators and above. */
export function mountExportRoutes(app: Hono, deps: QaHttpDeps): void {
  const load = async (c: Context): Promise<QaExport> => {
    const actor = inRoom(
      requireRole(actorOf(c, deps.sessionSecret), 'moderator', 'export the Q&A'),
      parseParam('id', roomIdSchema, c.req.param('id')),
    );
    const room = await deps.rooms.get(actor.roomId);
    if (!room) throw roomNotFound(actor.roomId);
    const { questions, history } = await deps.qa.repo.exportRows(room.id);
    return buildExport(room, questions, history);
  };
  const disposition = (roomId: string, ext: string) => `attachment; filename="qa-${roomId}.${ext}"`;

  app.get('/rooms/:id/qa.json', async (c) => {
    const data = await load(c);
    return sendJson(c, data, 200, { 'Content-Disposition': disposition(data.room.id, 'json') });
  });

  app.get('/rooms/:id/qa.csv', async (c) => {
    const data = await load(c);
    return c.body(toCsv(data), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Disposition': disposition(data.room.id, 'csv'),
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
