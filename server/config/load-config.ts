import { join } from 'node:path';
import { readOrCreateLivekitKeys } from './livekit-keys.ts';
import { parseEnv } from './parse-env.ts';
import { ensureDir, readOrCreateSecret } from './secret-file.ts';
import type { MediaConfig, PodiumConfig } from './types.ts';

export const ADMIN_SECRET_FILE = 'admin-secret';
export const SESSION_SECRET_FILE = 'session-secret';

export interface LoadedConfig {
  config: PodiumConfig;
  /** Secrets this start generated, so the caller can announce the admin secret exactly once. */
  generated: { adminSecret: boolean; sessionSecret: boolean; livekitKeys: boolean };
}

/**
 * Validates the environment and resolves what it leaves unset: the data directory is created, and
 * missing secrets are read from it or generated into it (mode 0600). Throws ConfigError.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): LoadedConfig {
  const parsed = parseEnv(env, cwd);
  ensureDir(parsed.dataDir);
  const generated = { adminSecret: false, sessionSecret: false, livekitKeys: false };

  let adminSecret = parsed.adminSecret;
  if (adminSecret === null) {
    const persisted = readOrCreateSecret(parsed.dataDir, ADMIN_SECRET_FILE, 16);
    adminSecret = persisted.value;
    generated.adminSecret = persisted.created;
  }
  let sessionSecret = parsed.sessionSecret;
  if (sessionSecret === null) {
    const persisted = readOrCreateSecret(parsed.dataDir, SESSION_SECRET_FILE, 32);
    sessionSecret = persisted.value;
    generated.sessionSecret = persisted.created;
  }

  let media: MediaConfig;
  if (parsed.livekitUrl !== null && parsed.livekitApiKey !== null && parsed.livekitApiSecret !== null) {
    media = {
      mode: 'external',
      url: parsed.livekitUrl,
      apiKey: parsed.livekitApiKey,
      apiSecret: parsed.livekitApiSecret,
    };
  } else {
    let keys = { apiKey: parsed.livekitApiKey ?? '', apiSecret: parsed.livekitApiSecret ?? '' };
    if (parsed.livekitApiKey === null || parsed.livekitApiSecret === null) {
      const persisted = readOrCreateLivekitKeys(parsed.dataDir);
      keys = persisted.value;
      generated.livekitKeys = persisted.created;
    }
    media = { mode: parsed.media === 'none' ? 'none' : 'embedded', ...keys };
  }

  const config: PodiumConfig = {
    port: parsed.port,
    host: parsed.host,
    publicUrl: parsed.publicUrl,
    dataDir: parsed.dataDir,
    database:
      parsed.databaseUrl !== null
        ? { kind: 'postgres', url: parsed.databaseUrl }
        : { kind: 'pglite', dir: join(parsed.dataDir, 'db') },
    adminSecret,
    sessionSecret,
    media,
    logLevel: parsed.logLevel,
    nodeEnv: parsed.nodeEnv,
    twinPersona: parsed.twinPersona,
    openai: parsed.openai,
  };
  return { config, generated };
}
