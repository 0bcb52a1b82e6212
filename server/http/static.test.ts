import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor } from './content-types.ts';
import { jsonNotFound } from './on-error.ts';
import { safeResolve } from './static-files.ts';
import { mountStatic } from './static-routes.ts';

let dir: string;
let app: Hono;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'podium-static-'));
  mkdirSync(join(dir, 'client', '_app'), { recursive: true });
  mkdirSync(join(dir, 'assets', 'models'), { recursive: true });
  writeFileSync(join(dir, 'client', 'index.html'), '<!doctype html><title>Podium</title>');
  writeFileSync(join(dir, 'client', 'robots.txt'), 'User-agent: *');
  writeFileSync(join(dir, 'client', '_app', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'models', 'hall.glb'), Buffer.from('glTF\x02\x00\x00\x00'));
  writeFileSync(join(dir, 'assets', '.secret'), 'HIDDEN-CONTENT');
  writeFileSync(join(dir, 'outside.txt'), 'OUTSIDE-CONTENT');
  const old = new Date('2025-01-01T00:00:00Z');
  utimesSync(join(dir, 'assets', 'models', 'hall.glb'), old, old);
  app = new Hono();
  mountStatic(app, { clientDir: join(dir, 'client'), assetsDir: join(dir, 'assets') });
  app.notFound(jsonNotFound);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('static serving', () => {
  it('serves hashed build output as immutable', async () => {
    const res = await app.request('/_app/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves assets for an hour with validators, and answers 304 when current', async () => {
    const res = await app.request('/assets/models/hall.glb');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.get('content-type')).toBe('model/gltf-binary');
    expect(res.headers.get('last-modified')).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    expect(new Uint8Array(await res.arrayBuffer()).byteLength).toBe(8);

    const again = await app.request('/assets/models/hall.glb', { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const since = await app.request('/assets/models/hall.glb', {
      headers: { 'If-Modified-Since': 'Thu, 02 Jan 2025 00:00:00 GMT' },
    });
    expect(since.status).toBe(304);
    const stale = await app.request('/assets/models/hall.glb', { headers: { 'If-None-Match': 'W/"other"' } });
    expect(stale.status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request('/assets/models/hall.glb', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('8');
    expect(await res.text()).toBe('');
  });

  it('serves index.html for app routes and top-level files without long caching', async () => {
    for (const path of ['/', '/rooms/town-hall', '/admin']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<title>Podium</title>');
    }
    const robots = await app.request('/robots.txt');
    expect(robots.headers.get('cache-control')).toBe('no-cache');
    expect(await robots.text()).toBe('User-agent: *');
  });

  it('answers JSON 404 for missing files and API paths', async () => {
    for (const path of ['/_app/missing.js', '/assets/none.png', '/favicon.ico', '/api/nothing']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('never leaves the served folders', async () => {
    for (const path of [
      '/assets/../outside.txt',
      '/assets/%2e%2e/outside.txt',
      '/assets/models/%2e%2e%2f%2e%2e%2foutside.txt',
      '/assets/..%5coutside.txt',
      '/assets/.secret',
      '/assets/%2esecret',
      '/_app/%2e%2e/%2e%2e/outside.txt',
      '/assets/%E0%A4%A',
    ]) {
      const res = await app.request(path);
      expect([400, 404], path).toContain(res.status);
      expect(await res.text(), path).not.toMatch(/OUTSIDE-CONTENT|HIDDEN-CONTENT/);
    }
  });

  it('asks for a build when the client is missing', async () => {
    const bare = new Hono();
    mountStatic(bare, { clientDir: join(dir, 'nope'), assetsDir: join(dir, 'assets') });
    const res = await bare.request('/');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('client_not_built');
    expect(body.error.message).toContain('npm run build');
    expect((await bare.request('/assets/models/hall.glb')).status).toBe(200);
  });
});

describe('safeResolve', () => {
  it('resolves inside the root and refuses the rest', () => {
    expect(safeResolve('/srv/a', 'b/c.txt')).toBe('/srv/a/b/c.txt');
    expect(safeResolve('/srv/a', 'b/../../etc/passwd')).toBeNull();
    expect(safeResolve('/srv/a', '%2F..%2Fetc')).toBeNull();
    expect(safeResolve('/srv/a', '')).toBeNull();
    expect(safeResolve('/srv/a', 'x%00y')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the formats the client loads', () => {
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.png')).toBe('image/png');
    expect(contentTypeFor('a.ktx2')).toBe('image/ktx2');
    expect(contentTypeFor('studio.env')).toBe('application/octet-stream');
    expect(contentTypeFor('noext')).toBe('application/octet-stream');
  });
});
