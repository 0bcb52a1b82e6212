import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../common/api.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
});
afterAll(() => podium?.close());

function expectErrorBody(body: unknown, code?: string): void {
  const err = (body as ErrorBody).error;
  expect(typeof err?.code).toBe('string');
  expect(typeof err?.message).toBe('string');
  expect(err.message.length).toBeGreaterThan(3);
  if (code) expect(err.code).toBe(code);
}

describe('malformed requests', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    for (const body of ['{"roomId": "town-hall", "name": ', '{name: 1}', 'null x', '\u0000']) {
      const res = await requestJson(podium.url, '/api/join', { body });
      expect(res.status, body).toBe(400);
      expectErrorBody(res.body, 'invalid_json');
      expect((res.body as ErrorBody).error.message).toMatch(/^Request body is not valid JSON/);
    }
    const empty = await requestJson(podium.url, '/api/join', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
    expect((empty.body as ErrorBody).error.message).toBe('Request body is empty; expected a JSON object');
  });

  it('answers JSON of the wrong shape with 400 invalid_request naming the field', async () => {
    for (const [body, message] of [
      [[], 'body: expected object, received array'],
      [null, 'body: expected object, received null'],
      ['"text"', 'body: expected object, received string'],
      [{ name: 'Ada' }, 'roomId: is required'],
      [{}, 'roomId: is required; name: is required'],
      [{ roomId: 7, name: 'Ada' }, 'roomId: must be a string'],
      [{ roomId: 'town-hall', name: 'Ada', invite: 5 }, 'invite: must be a string'],
      [{ roomId: 'town-hall', name: 'Ada', role: 'admin' }, 'body: unknown field "role"'],
    ] as const) {
      const res = await requestJson(podium.url, '/api/join', {
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as ErrorBody).error).toEqual({ code: 'invalid_request', message });
    }
  });

  it('refuses non-JSON content types with 415', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await requestJson(podium.url, '/api/join', {
        body: '{"roomId":"town-hall","name":"Ada"}',
        headers: { 'content-type': type },
      });
      expect(res.status, type).toBe(415);
      expectErrorBody(res.body, 'unsupported_media_type');
    }
    const vendor = await requestJson(podium.url, '/api/join', {
      body: '{"roomId":"town-hall","name":"Ada"}',
      headers: { 'content-type': 'application/vnd.podium+json; charset=utf-8' },
    });
    expect(vendor.status).toBe(200);
  });

  it('answers a body over 64 KiB with 413, by Content-Length', async () => {
    const res = await requestJson(podium.url, '/api/join', {
      body: JSON.stringify({ roomId: 'town-hall', name: 'x'.repeat(70 * 1024) }),
    });
    expect(res.status).toBe(413);
    expectErrorBody(res.body, 'payload_too_large');
  });

  it('answers a streamed body over 64 KiB with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${podium.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(res.headers.get('content-length')).not.toBeNull();
    expect(res.status).toBe(413);
    expectErrorBody(await res.json(), 'payload_too_large');
  });

  it('answers bad path parameters with 400 and unknown ids with 404', async () => {
    const bad = await requestJson(podium.url, '/api/rooms/NOT%20VALID');
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.message).toMatch(/^id: must be 1-63 lowercase/);
    const encoded = await requestJson(podium.url, '/api/rooms/%E0%A4%A');
    expect(encoded.status).toBe(400);
    const missing = await requestJson(podium.url, '/api/rooms/no-such-room');
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).error).toEqual({
      code: 'room_not_found',
      message: 'There is no room "no-such-room"',
    });
  });

  it('answers unknown API routes and methods with JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing'],
      ['GET', '/api'],
      ['POST', '/api/rooms/town-hall'],
      ['PUT', '/api/join'],
      ['DELETE', '/api/session'],
      ['POST', '/not-api'],
    ] as const) {
      const res = await requestJson(podium.url, path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expectErrorBody(res.body, 'not_found');
    }
  });

  it('answers a raw malformed HTTP request with 400, and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(podium.port, 'localhost', () => {
        socket.write('GET /api/config HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n');
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await requestJson(podium.url, '/healthz')).status).toBe(200);
  });
});

describe('no input produces a 5xx', () => {
  it('sweeps every route with hostile bodies', async () => {
    const bodies: (string | undefined)[] = [
      undefined,
      '',
      '{}',
      '[]',
      '0',
      '"x"',
      '{"roomId":{"$gt":""},"name":["a"]}',
      '{"title":"' + 'y'.repeat(2000) + '","kind":"meeting","capacity":1e308}',
      '{"role":"admin","ttlS":-1}',
      '{"capacity":99999999999,"openJoin":"yes"}',
      '{"__proto__":{"admin":true},"roomId":"town-hall","name":"P"}',
      '{"roomId":"town-hall","name":"A","invite":"' + 'a.'.repeat(600) + '"}',
    ];
    const routes: [string, string][] = [
      ['POST', '/api/join'],
      ['POST', '/api/leave'],
      ['GET', '/api/session'],
      ['POST', '/api/admin/rooms'],
      ['PATCH', '/api/admin/rooms/town-hall'],
      ['POST', '/api/admin/rooms/town-hall/invites'],
    ];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await requestJson(podium.url, path, {
          method,
          headers: podium.adminHeaders,
          ...(method === 'GET' || body === undefined ? {} : { body }),
        });
        expect(res.status, `${method} ${path} ${body?.slice(0, 40)}`).toBeLessThan(500);
        if (res.status >= 400) expectErrorBody(res.body);
      }
    }
    // The demo room survived: nothing above changed it.
    const room = await requestJson(podium.url, '/api/rooms/town-hall');
    expect(room.body).toMatchObject({ id: 'town-hall', capacity: 500, openJoin: true });
  });
});
