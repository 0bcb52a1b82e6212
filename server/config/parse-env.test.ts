import { describe, expect, it } from 'vitest';
import { CONFIG_DOCS } from './docs.ts';
import { ConfigError } from './errors.ts';
import { parseEnv } from './parse-env.ts';

function issuesOf(env: Record<string, string>): ConfigError['issues'] {
  try {
    parseEnv(env, '/srv');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('applies defaults to an empty environment', () => {
    const env = parseEnv({}, '/srv');
    expect(env).toMatchObject({
      port: 8080,
      host: 'localhost',
      dataDir: '/srv/data',
      databaseUrl: null,
      adminSecret: null,
      livekitUrl: null,
      logLevel: 'info',
      nodeEnv: 'development',
      media: 'auto',
    });
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PORT: '', LIVEKIT_URL: '' }, '/srv').port).toBe(8080);
  });

  it('normalizes URLs', () => {
    const env = parseEnv(
      {
        PORT: '0',
        PUBLIC_URL: 'https://podium.example.com/',
        LIVEKIT_URL: 'https://lk.example.com',
        LIVEKIT_API_KEY: 'APIkey',
        LIVEKIT_API_SECRET: 'secret',
        DATA_DIR: 'var/podium',
      },
      '/srv',
    );
    expect(env.port).toBe(0);
    expect(env.publicUrl).toBe('https://podium.example.com');
    expect(env.livekitUrl).toBe('wss://lk.example.com');
    expect(env.dataDir).toBe('/srv/var/podium');
  });

  it('reports every bad variable once, with the problem and what is expected', () => {
    const issues = issuesOf({ PORT: 'abc', HOST: 'bad host', LOG_LEVEL: 'loud', PUBLIC_URL: 'ftp://x' });
    expect(issues.map((i) => i.name)).toEqual(['PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL']);
    expect(issues[0]).toEqual({
      name: 'PORT',
      problem: '"abc" is not a whole number',
      expected: 'an integer from 0 to 65535',
    });
    expect(issues[2]?.problem).toContain('ftp:');
    expect(issues[3]?.expected).toContain('debug');
  });

  it('rejects an out-of-range port', () => {
    expect(issuesOf({ PORT: '70000' })[0]?.problem).toBe('"70000" is out of range');
  });

  it('never echoes secrets back', () => {
    const issues = issuesOf({ ADMIN_SECRET: 'short-pw', DATABASE_URL: 'mysql://u:hunter2@h/db' });
    expect(issues.map((i) => i.name)).toEqual(['DATABASE_URL', 'ADMIN_SECRET']);
    const text = new ConfigError(issues).message;
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('short-pw');
    expect(issues[1]?.problem).toBe('the value is too short (8 characters)');
  });

  it('rejects secrets with spaces', () => {
    expect(issuesOf({ SESSION_SECRET: 'a'.repeat(20) + ' ' + 'b'.repeat(20) })[0]?.problem).toContain(
      'spaces',
    );
  });

  it('requires the key pair with LIVEKIT_URL', () => {
    const issues = issuesOf({ LIVEKIT_URL: 'wss://lk.example.com' });
    expect(issues.map((i) => i.name)).toEqual(['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']);
  });

  it('requires both halves of a key pair for the embedded SFU', () => {
    expect(issuesOf({ LIVEKIT_API_KEY: 'APIabc' }).map((i) => i.name)).toEqual(['LIVEKIT_API_SECRET']);
  });

  it('rejects PODIUM_MEDIA=none together with LIVEKIT_URL', () => {
    const issues = issuesOf({
      LIVEKIT_URL: 'wss://lk.example.com',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
      PODIUM_MEDIA: 'none',
    });
    expect(issues.map((i) => i.name)).toEqual(['PODIUM_MEDIA']);
  });

  it('requires explicit secrets in production', () => {
    const issues = issuesOf({ NODE_ENV: 'production' });
    expect(issues.map((i) => i.name)).toEqual(['ADMIN_SECRET', 'SESSION_SECRET']);
    expect(() =>
      parseEnv({ NODE_ENV: 'production', ADMIN_SECRET: 'x'.repeat(16), SESSION_SECRET: 'y'.repeat(32) }),
    ).not.toThrow();
  });

  it('formats a message with one line per variable', () => {
    const err = new ConfigError(issuesOf({ PORT: '-1', NODE_ENV: 'staging' }));
    const lines = err.message.split('\n');
    expect(lines[0]).toBe('Podium cannot start: 2 bad settings');
    expect(lines[1]).toMatch(/^ {2}- PORT: "-1" is not a whole number \(expected /);
    expect(lines[2]).toMatch(/^ {2}- NODE_ENV: "staging" is not a known environment/);
  });

  it('documents every variable it reads', () => {
    const names = CONFIG_DOCS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const doc of CONFIG_DOCS) {
      expect(doc.description.length).toBeGreaterThan(10);
      expect(doc.expected.length).toBeGreaterThan(3);
    }
    expect(names).toEqual(
      expect.arrayContaining(['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'ADMIN_SECRET', 'SESSION_SECRET']),
    );
  });
});

describe('OpenAI-compatible endpoint', () => {
  it('is off unless a key or a base URL is set', () => {
    expect(parseEnv({}).openai).toBeNull();
    const on = parseEnv({ OPENAI_BASE_URL: 'http://localhost:11434/v1/' });
    expect(on.openai).toMatchObject({
      baseUrl: 'http://localhost:11434/v1',
      apiKey: null,
      chatModel: 'gpt-4o-mini',
    });
  });

  it('names a bad base URL without echoing the key', () => {
    const bad = { OPENAI_BASE_URL: 'ftp://x', OPENAI_API_KEY: 'sk live' };
    expect(() => parseEnv(bad)).toThrow(/OPENAI_BASE_URL: "ftp:\/\/x" is not an http\(s\) URL/);
    expect(() => parseEnv(bad)).toThrow(/OPENAI_API_KEY: the value contains spaces/);
    expect(() => parseEnv(bad)).not.toThrow(/sk live/);
  });
});
