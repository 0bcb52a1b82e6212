import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigResponse, ErrorBody, RoomDto } from '../../common/api.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
let files: string;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'podium-files-'));
  mkdirSync(join(files, 'client', '_app'), { recursive: true });
  mkdirSync(join(files, 'assets'), { recursive: true });
  writeFileSync(join(files, 'client', 'index.html'), '<!doctype html><title>Podium lobby</title>');
  writeFileSync(join(files, 'client', '_app', 'main-4f3a2b.js'), 'export const x = 1;');
  writeFileSync(join(files, 'client', '_app', 'decoder-9a8b.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(files, 'assets', 'hall.glb'), Buffer.from('glTF'));
  podium = await startTestServer({
    env: { PODIUM_MEDIA: 'none' },
    clientDir: join(files, 'client'),
    assetsDir: join(files, 'assets'),
  });
});
afterAll(async () => {
  await podium?.close();
  rmSync(files, { recursive: true, force: true });
});

describe('public configuration', () => {
  it('listens on an ephemeral port at a localhost URL', () => {
    expect(podium.port).toBeGreaterThan(0);
    expect(podium.url).toBe(`http://localhost:${podium.port}`);
    expect(podium.config.port).toBe(0);
  });

  it('tells clients where LiveKit is: this host and port for the embedded SFU', async () => {
    const res = await requestJson<ConfigResponse>(podium.url, '/api/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: '0.1.0',
      livekitUrl: `ws://localhost:${podium.port}`,
      defaultRoomId: 'town-hall',
    });
    const viaIp = await requestJson<ConfigResponse>(`http://127.0.0.1:${podium.port}`, '/api/config');
    expect(viaIp.body.livekitUrl).toBe(`ws://127.0.0.1:${podium.port}`);
  });

  it('serves public room info', async () => {
    const res = await requestJson<RoomDto>(podium.url, '/api/rooms/town-hall');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'town-hall',
      title: 'Town Hall',
      kind: 'all-hands',
      capacity: 500,
      openJoin: true,
    });
    expect(Number.isNaN(Date.parse(res.body.createdAt))).toBe(false);
  });
});

describe('health', () => {
  it('is live', async () => {
    const res = await requestJson(podium.url, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is not ready without media, and says why', async () => {
    const res = await requestJson<ErrorBody & { checks: Record<string, string> }>(podium.url, '/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      code: 'not_ready',
      message: 'Not ready: media: disabled (PODIUM_MEDIA=none)',
    });
    expect(res.body.checks).toEqual({ database: 'ok', media: 'disabled (PODIUM_MEDIA=none)' });
  });

  it('is ready with an external LiveKit and a reachable database', async () => {
    const external = await startTestServer({
      env: { LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_KEY: 'APIx', LIVEKIT_API_SECRET: 'secret-x' },
    });
    try {
      const res = await requestJson(external.url, '/readyz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ready',
        checks: { database: 'ok', media: 'external wss://lk.example.com' },
      });
      const config = await requestJson<ConfigResponse>(external.url, '/api/config');
      expect(config.body.livekitUrl).toBe('wss://lk.example.com');
    } finally {
      await external.close();
    }
  });
});

describe('static files through the server', () => {
  it('serves the SPA with revalidation and hashed files as immutable', async () => {
    for (const path of ['/', '/room/town-hall']) {
      const res = await fetch(`${podium.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('Podium lobby');
    }
    const js = await fetch(`${podium.url}/_app/main-4f3a2b.js`);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await fetch(`${podium.url}/_app/decoder-9a8b.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('serves assets with an ETag and honours it', async () => {
    const res = await fetch(`${podium.url}/assets/hall.glb`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('model/gltf-binary');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    await res.arrayBuffer();
    const again = await fetch(`${podium.url}/assets/hall.glb`, {
      headers: { 'If-None-Match': res.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('refuses path traversal over the wire', async () => {
    const raw = (path: string) =>
      new Promise<string>((resolve, reject) => {
        // A raw request line: fetch() would normalize the dots away before sending.
        const socket = connect(podium.port, 'localhost', () => {
          socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
        });
        let data = '';
        socket.on('data', (d) => (data += d.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
    for (const path of [
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/_app/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/assets/../../package.json',
    ]) {
      const reply = await raw(path);
      expect(reply, path).toMatch(/^HTTP\/1\.1 404 /);
      expect(reply, path).not.toContain('root:');
    }
    // Dot segments are resolved before routing, so this is just the SPA route /etc/passwd.
    const spa = await raw('/assets/../../../../etc/passwd');
    expect(spa).toMatch(/^HTTP\/1\.1 200 /);
    expect(spa).toContain('Podium lobby');
    expect(spa).not.toContain('root:');
  });

  it('rejects WebSocket upgrades that are not for the SFU', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(podium.port, 'localhost', () => {
        socket.write(
          'GET /rtc HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 404 /);
  });
});

describe('without a built client', () => {
  it('answers / with 503 telling to build, while the API works', async () => {
    const bare = await startTestServer({ env: { PODIUM_MEDIA: 'none' }, clientDir: join(files, 'missing') });
    try {
      const res = await requestJson<ErrorBody>(bare.url, '/');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('client_not_built');
      expect(res.body.error.message).toContain('npm run build');
      expect((await requestJson(bare.url, '/api/config')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
