import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchConfig, joinRoom } from './api-client.ts';
import { ApiError, errorFromResponse } from './api-error.ts';
import { readLaunchParams } from './launch-params.ts';
import { validateJoinForm } from './validation.ts';

describe('launch params', () => {
  it('reads room, invite, name and test mode from the query', () => {
    expect(readLaunchParams('?room=board&invite=abc.def&name=%20Ada%20&test=1')).toEqual({
      roomId: 'board',
      invite: 'abc.def',
      name: 'Ada',
      testMode: true,
    });
    expect(readLaunchParams('')).toEqual({ roomId: null, invite: null, name: null, testMode: false });
    expect(readLaunchParams('?room=&test=0').roomId).toBeNull();
  });
});

describe('join form validation', () => {
  it('accepts a name and a room, keeping the invite', () => {
    const r = validateJoinForm({ name: '  Ada   Lovelace ', roomId: 'town-hall', invite: 'tok' });
    expect(r).toEqual({ ok: true, request: { name: 'Ada Lovelace', roomId: 'town-hall', invite: 'tok' } });
  });

  it('omits a missing invite', () => {
    const r = validateJoinForm({ name: 'Ada', roomId: 'town-hall', invite: null });
    expect(r.ok && 'invite' in r.request).toBe(false);
  });

  it('explains every problem at once', () => {
    const r = validateJoinForm({ name: ' ', roomId: 'no spaces/please', invite: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['name', 'room']);
    expect(r.errors[0]?.message).toMatch(/name/i);
  });

  it('rejects over-long names and control characters', () => {
    expect(validateJoinForm({ name: 'x'.repeat(65), roomId: 'a', invite: null }).ok).toBe(false);
    expect(validateJoinForm({ name: 'x'.repeat(64), roomId: 'a', invite: null }).ok).toBe(true);
    expect(validateJoinForm({ name: 'bad\u0007bell', roomId: 'a', invite: null }).ok).toBe(false);
    expect(validateJoinForm({ name: 'Zoë 😀', roomId: 'a', invite: null }).ok).toBe(true);
  });
});

describe('API errors', () => {
  it("carries the server's code and message", () => {
    const e = errorFromResponse(
      404,
      JSON.stringify({ error: { code: 'room_not_found', message: 'No such room.' } }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message, e.status, e.retryable]).toEqual([
      'room_not_found',
      'No such room.',
      404,
      false,
    ]);
  });

  it('falls back to a clear message for bodies that are not ours', () => {
    const e = errorFromResponse(502, '<html>Bad gateway</html>');
    expect(e.code).toBe('server_error');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/try again/);
    expect(errorFromResponse(400, '{"error":"flat"}').message).toMatch(/HTTP 400/);
  });
});

describe('API client against a real HTTP server', () => {
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/config') {
          res.end(JSON.stringify({ version: '1', livekitUrl: 'ws://x', defaultRoomId: 'town-hall' }));
        } else if (req.url === '/api/join') {
          const parsed = JSON.parse(body) as { roomId: string; name: string };
          if (parsed.roomId !== 'town-hall') {
            res.statusCode = 404;
            res.end(
              JSON.stringify({
                error: { code: 'room_not_found', message: `Room ${parsed.roomId} does not exist.` },
              }),
            );
          } else if (parsed.name === 'garbage') {
            res.end('{"not":"a join response"}');
          } else {
            res.end(
              JSON.stringify({
                session: {
                  identity: 'u1',
                  name: parsed.name,
                  role: 'attendee',
                  roomId: 'town-hall',
                  expiresAt: '',
                },
                room: { id: 'town-hall' },
                livekit: { url: 'ws://x', token: 't' },
              }),
            );
          }
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches the config and joins', async () => {
    expect((await fetchConfig({ baseUrl })).defaultRoomId).toBe('town-hall');
    const join = await joinRoom({ roomId: 'town-hall', name: 'Ada' }, { baseUrl });
    expect(join.session.name).toBe('Ada');
  });

  it("surfaces the server's error message", async () => {
    await expect(joinRoom({ roomId: 'nope', name: 'Ada' }, { baseUrl })).rejects.toMatchObject({
      code: 'room_not_found',
      message: 'Room nope does not exist.',
      status: 404,
    });
  });

  it('rejects an answer of the wrong shape', async () => {
    await expect(joinRoom({ roomId: 'town-hall', name: 'garbage' }, { baseUrl })).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(fetchConfig({ baseUrl: url })).rejects.toMatchObject({ code: 'network', retryable: true });
  });
});
