import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../log/index.ts';
import { HttpError } from './http-error.ts';
import { createErrorHandler, jsonNotFound } from './on-error.ts';
import { parseWith, readJson } from './validate.ts';

class TeapotError extends Error {}

function appWithLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = new Hono();
  app.onError(
    createErrorHandler(createLogger('info', { destination }), (err) =>
      err instanceof TeapotError ? new HttpError(409, 'teapot', 'short and stout') : undefined,
    ),
  );
  app.notFound(jsonNotFound);
  return { app, lines };
}

describe('the error handler', () => {
  it('answers HttpErrors with their status, code, message and headers', async () => {
    const { app } = appWithLog();
    app.get('/x', () => {
      throw new HttpError(401, 'unauthorized', 'who are you', { headers: { 'WWW-Authenticate': 'Bearer' } });
    });
    const res = await app.request('/x');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'who are you' } });
  });

  it('maps zod errors to 400 invalid_request naming fields', async () => {
    const { app } = appWithLog();
    app.get('/x', (c) => c.json(z.strictObject({ a: z.number(), b: z.string() }).parse({ a: 'x', c: 1 })));
    const body = await (await app.request('/x')).json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toBe(
      'a: expected number, received string; b: expected string, received undefined; body: unknown field "c"',
    );
    expect(() => parseWith(z.object({ a: z.string() }), {})).toThrow('a: is required');
  });

  it('maps domain errors through the mapper', async () => {
    const { app } = appWithLog();
    app.get('/x', () => {
      throw new TeapotError('internal detail');
    });
    expect(await (await app.request('/x')).json()).toEqual({
      error: { code: 'teapot', message: 'short and stout' },
    });
  });

  it("keeps Hono's own 4xx and hides 5xx text", async () => {
    const { app } = appWithLog();
    app.get('/a', () => {
      throw new HTTPException(405, { message: 'nope' });
    });
    app.get('/b', () => {
      throw new HTTPException(502, { message: 'upstream 10.0.0.7 said no' });
    });
    expect(await (await app.request('/a')).json()).toEqual({
      error: { code: 'method_not_allowed', message: 'nope' },
    });
    const b = await app.request('/b');
    expect(b.status).toBe(502);
    expect(await b.text()).not.toContain('10.0.0.7');
  });

  it('answers anything else with a bare 500, logging the cause', async () => {
    const { app, lines } = appWithLog();
    app.get('/x', () => {
      throw new Error('password=hunter2 at /srv/secret.ts');
    });
    const res = await app.request('/x');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(text).not.toContain('hunter2');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'unhandled error', path: '/x' }),
    );
  });

  it('treats a client that hung up as a client error', async () => {
    const { app, lines } = appWithLog();
    app.get('/x', () => {
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    });
    expect((await app.request('/x')).status).toBe(400);
    expect(lines).toEqual([]);
  });

  it('answers unknown routes with JSON 404', async () => {
    const { app } = appWithLog();
    const res = await app.request('/nope', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for DELETE /nope' } });
  });

  it('reads JSON bodies strictly', async () => {
    const { app } = appWithLog();
    app.post('/x', async (c) => c.json(await readJson(c, z.object({ a: z.number() }))));
    const ok = await app.request('/x', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(await ok.json()).toEqual({ a: 1 });
    // A string body without a type is sent as text/plain, which a cross-site form could also send.
    const plainText = await app.request('/x', { method: 'POST', body: '{"a":2}' });
    expect(plainText.status).toBe(415);
  });
});
