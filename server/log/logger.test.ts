import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { requestLogger } from './request-log.ts';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON with level labels, module children and redacted secrets', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', { destination: stream }).child({ module: 'rooms' });
    log.debug('hidden');
    log.info({ token: 'jwt', livekit: { token: 'jwt2' }, pii: { name: 'Ada' } }, 'participant joined');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      module: 'rooms',
      msg: 'participant joined',
      token: '[redacted]',
      livekit: { token: '[redacted]' },
      pii: { name: 'Ada' },
    });
  });

  it('redacts personal data when asked', () => {
    const { lines, stream } = capture();
    createLogger('info', { destination: stream, redactPersonalData: true }).info(
      { pii: { name: 'Ada' } },
      'x',
    );
    expect(lines[0]?.pii).toBe('[redacted]');
  });
});

describe('requestLogger', () => {
  it('logs method, path without query, status and duration', async () => {
    const { lines, stream } = capture();
    const app = new Hono();
    app.use(requestLogger(createLogger('debug', { destination: stream })));
    app.get('/a', (c) => c.text('ok'));
    app.get('/boom', (c) => c.text('no', 500));
    app.get('/healthz', (c) => c.text('ok'));
    await app.request('/a?invite=secret');
    await app.request('/boom');
    await app.request('/healthz');
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/a', status: 200 });
    expect(typeof lines[0]?.durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret');
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'request failed', status: 500 });
    expect(lines[2]).toMatchObject({ level: 'debug', path: '/healthz' });
  });
});
