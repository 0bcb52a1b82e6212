import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadConfig } from './load-config.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podium-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('generates secrets once, with mode 0600, and reuses them', () => {
    const env = { DATA_DIR: join(dir, 'data') };
    const first = loadConfig(env);
    expect(first.generated).toEqual({ adminSecret: true, sessionSecret: true, livekitKeys: true });
    expect(first.config.adminSecret.length).toBeGreaterThanOrEqual(16);
    expect(first.config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    for (const file of ['admin-secret', 'session-secret', 'livekit-keys.json']) {
      expect(statSync(join(dir, 'data', file)).mode & 0o777).toBe(0o600);
    }
    expect(first.config.media).toMatchObject({ mode: 'embedded' });
    expect(first.config.media.apiKey).toMatch(/^API[A-Za-z0-9]{12}$/);
    expect(first.config.database).toEqual({ kind: 'pglite', dir: join(dir, 'data', 'db') });

    const second = loadConfig(env);
    expect(second.generated).toEqual({ adminSecret: false, sessionSecret: false, livekitKeys: false });
    expect(second.config.adminSecret).toBe(first.config.adminSecret);
    expect(second.config.sessionSecret).toBe(first.config.sessionSecret);
    expect(second.config.media.apiSecret).toBe(first.config.media.apiSecret);
    expect(readFileSync(join(dir, 'data', 'admin-secret'), 'utf8').trim()).toBe(first.config.adminSecret);
  });

  it('prefers explicit secrets and does not write them', () => {
    const { config, generated } = loadConfig({
      DATA_DIR: dir,
      ADMIN_SECRET: 'a'.repeat(20),
      SESSION_SECRET: 's'.repeat(40),
      LIVEKIT_URL: 'wss://lk.example.com',
      LIVEKIT_API_KEY: 'APIext',
      LIVEKIT_API_SECRET: 'ext-secret',
      DATABASE_URL: 'postgres://podium@db.example.com/podium',
    });
    expect(generated).toEqual({ adminSecret: false, sessionSecret: false, livekitKeys: false });
    expect(config.adminSecret).toBe('a'.repeat(20));
    expect(config.media).toEqual({
      mode: 'external',
      url: 'wss://lk.example.com',
      apiKey: 'APIext',
      apiSecret: 'ext-secret',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://podium@db.example.com/podium' });
    expect(() => statSync(join(dir, 'admin-secret'))).toThrow();
  });

  it('switches media off with PODIUM_MEDIA=none', () => {
    expect(loadConfig({ DATA_DIR: dir, PODIUM_MEDIA: 'none' }).config.media.mode).toBe('none');
  });

  it('names a corrupt secret file instead of silently replacing it', () => {
    writeFileSync(join(dir, 'admin-secret'), 'short\n');
    try {
      loadConfig({ DATA_DIR: dir });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toContain(join(dir, 'admin-secret'));
      expect((err as ConfigError).message).toContain('delete the file to regenerate it');
    }
    expect(readFileSync(join(dir, 'admin-secret'), 'utf8')).toBe('short\n');
  });

  it('reports a data directory that cannot be created', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => loadConfig({ DATA_DIR: join(dir, 'file', 'sub') })).toThrow(
      /DATA_DIR: ".*" cannot be created/,
    );
  });
});
