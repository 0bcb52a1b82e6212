import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startPodium } from '../../server/server.ts';
import { requestJson, startTestServer } from '../helpers/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JOIN_BODY = JSON.stringify({ roomId: 'town-hall', name: 'Late Larry' });
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A request whose body arrives in two parts, so it is in flight for as long as the test likes. */
function slowJoin(port: number): { socket: Socket; finish: () => void; reply: Promise<string> } {
  const socket = connect(port, 'localhost');
  socket.write(
    `POST /api/join HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(JOIN_BODY)}\r\n\r\n${JOIN_BODY.slice(0, 10)}`,
  );
  let data = '';
  socket.on('data', (d) => (data += d.toString()));
  const reply = new Promise<string>((resolve, reject) => {
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  return { socket, finish: () => socket.write(JOIN_BODY.slice(10)), reply };
}

const refused = (url: string) =>
  fetch(`${url}/healthz`).then(
    () => false,
    () => true,
  );

describe('graceful shutdown in process', () => {
  it('stops accepting, lets an in-flight request finish, then closes the database', async () => {
    const podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
    const slow = slowJoin(podium.port);
    await new Promise((r) => setTimeout(r, 200));

    let closed = false;
    const closing = podium.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(await refused(podium.url)).toBe(true);
    expect(closed).toBe(false);

    slow.finish();
    const reply = await slow.reply;
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toContain('"name":"Late Larry"');
    await closing;
    await expect(podium.store.ping()).rejects.toMatchObject({ code: 'closed' });
    await podium.close(); // idempotent
  });

  it('cuts a request that never finishes after the drain timeout', async () => {
    const podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' }, drainTimeoutMs: 300 });
    const slow = slowJoin(podium.port);
    await new Promise((r) => setTimeout(r, 200));
    await podium.close();
    expect(await slow.reply).toBe('');
    expect(slow.socket.destroyed).toBe(true);
  });
});

describe('admin secret on first start', () => {
  it('is generated, printed once, and kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'podium-secret-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const printed: string[] = [];
    const silent = new Writable({ write: (_c, _e, done) => done() });
    const env = { PORT: '0', DATA_DIR: dataDir, PODIUM_MEDIA: 'none', LOG_LEVEL: 'silent' };
    const first = await startPodium(env, { print: (t) => printed.push(t), logDestination: silent });
    await first.close();
    const secret = readFileSync(join(dataDir, 'admin-secret'), 'utf8').trim();
    expect(first.adminSecret).toBe(secret);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(`    ${secret}\n`);
    expect(printed[0]).toContain('shown only this once');

    const second = await startPodium(env, { print: (t) => printed.push(t), logDestination: silent });
    try {
      expect(second.adminSecret).toBe(secret);
      expect(printed).toHaveLength(1);
      const res = await requestJson(second.url, '/api/admin/rooms', {
        headers: { Authorization: `Bearer ${secret}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

interface Child {
  lines: Record<string, unknown>[];
  stderr: () => string;
  exit: Promise<number | null>;
  waitFor: (msg: string) => Promise<Record<string, unknown>>;
  kill: (signal: NodeJS.Signals) => void;
}

/** `node --import tsx server/main.ts`, exactly as `npm run dev` runs it. */
function runMain(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const text = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const w of waiters.filter((w) => w.msg === line.msg)) w.resolve(line);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    lines,
    stderr: () => err,
    exit,
    kill: (signal) => child.kill(signal),
    waitFor: (msg) =>
      new Promise((resolve, reject) => {
        const found = lines.find((l) => l.msg === msg);
        if (found) return resolve(found);
        waiters.push({ msg, resolve });
        void exit.then((code) => reject(new Error(`exited (${code}) before "${msg}": ${err}`)));
      }),
  };
}

describe('the server process', () => {
  it('drains an in-flight request on SIGTERM and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'podium-proc-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const main = runMain({
      PORT: '0',
      DATA_DIR: dataDir,
      PODIUM_MEDIA: 'none',
      LOG_LEVEL: 'info',
      ADMIN_SECRET: 'x'.repeat(20),
    });
    const listening = await main.waitFor('listening');
    const url = String(listening.url);
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(listening).toMatchObject({ media: 'none', database: 'pglite' });

    const slow = slowJoin(Number(new URL(url).port));
    await new Promise((r) => setTimeout(r, 200));
    main.kill('SIGTERM');
    await main.waitFor('shutting down');
    slow.finish();
    expect(await slow.reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(await main.exit).toBe(0);
    expect(main.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received', 'stopped']));
    expect(main.stderr()).toBe('');
  });

  it('exits 1 with one clear line per bad variable and no stack trace', async () => {
    const main = runMain({
      PORT: 'eighty',
      LOG_LEVEL: 'chatty',
      DATA_DIR: join(tmpdir(), 'podium-never-created'),
    });
    expect(await main.exit).toBe(1);
    const stderr = main.stderr();
    expect(stderr).toContain('Podium cannot start: 2 bad settings');
    expect(stderr).toContain(
      '  - PORT: "eighty" is not a whole number (expected an integer from 0 to 65535)',
    );
    expect(stderr).toContain('  - LOG_LEVEL: "chatty" is not a log level');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(main.lines).toEqual([]);
  });
});
