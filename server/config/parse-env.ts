import { resolve } from 'node:path';
import { z } from 'zod';
import { configDoc } from './docs.ts';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { LOG_LEVELS, NODE_ENVS, type ParsedEnv } from './types.ts';

type Env = Readonly<Record<string, string | undefined>>;

const PRINTABLE = /^[\x21-\x7e]+$/;

const portSchema = z
  .string()
  .regex(/^\d{1,5}$/, { error: 'is not a whole number' })
  .transform(Number)
  .refine((n) => n <= 65535, { error: 'is out of range' });

const hostSchema = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9.-]+)$/, {
  error: 'is not a host name or an IP address',
});

function urlSchema(protocols: readonly string[], what: string) {
  return z.string().transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a URL' });
      return z.NEVER;
    }
    if (!protocols.includes(url.protocol)) {
      ctx.addIssue({ code: 'custom', message: `is not ${what} (scheme ${url.protocol})` });
      return z.NEVER;
    }
    return url;
  });
}

const publicUrlSchema = urlSchema(['http:', 'https:'], 'an http(s) URL').transform((url, ctx) => {
  if (url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: 'has a query or fragment' });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

const databaseUrlSchema = urlSchema(['postgres:', 'postgresql:'], 'a PostgreSQL URL').transform(
  (u) => u.href,
);

const livekitUrlSchema = urlSchema(['ws:', 'wss:', 'http:', 'https:'], 'a ws(s) or http(s) URL').transform(
  // Clients want the WebSocket form; the server SDK converts it back to http(s) itself.
  (url) => url.href.replace(/^http/, 'ws').replace(/\/+$/, ''),
);

function secretSchema(minChars: number) {
  return z
    .string()
    .refine((s) => PRINTABLE.test(s), { error: 'contains spaces, control or non-ASCII characters' })
    .refine((s) => s.length >= minChars, {
      error: (iss) => `is too short (${String(iss.input).length} characters)`,
    });
}

const tokenPartSchema = z
  .string()
  .max(256, { error: 'is longer than 256 characters' })
  .refine((s) => PRINTABLE.test(s), { error: 'contains spaces, control or non-ASCII characters' });

/**
 * Validates the environment. Throws a ConfigError listing every bad variable, one line each, with
 * the problem and what would be accepted; secret values are never repeated back.
 */
export function parseEnv(env: Env, cwd = process.cwd()): ParsedEnv {
  const issues: ConfigIssue[] = [];

  function read<T>(name: string, schema: z.ZodType<T, string>): T | null;
  function read<T>(name: string, schema: z.ZodType<T, string>, fallback: string): T;
  function read<T>(name: string, schema: z.ZodType<T, string>, fallback?: string): T | null {
    const raw = env[name];
    // An empty variable (FOO= in a .env or compose file) means "not set".
    const value = raw === undefined || raw === '' ? fallback : raw;
    if (value === undefined) return null;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const doc = configDoc(name);
    const shown = doc.secret
      ? 'the value'
      : JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    const problem = result.error.issues[0]?.message ?? 'is not valid';
    issues.push({ name, problem: `${shown} ${problem}`, expected: doc.expected });
    return null;
  }

  const port = read('PORT', portSchema, '8080');
  const host = read('HOST', hostSchema, 'localhost');
  const publicUrl = read('PUBLIC_URL', publicUrlSchema);
  const dataDir = read('DATA_DIR', z.string(), './data');
  const databaseUrl = read('DATABASE_URL', databaseUrlSchema);
  const adminSecret = read('ADMIN_SECRET', secretSchema(16));
  const sessionSecret = read('SESSION_SECRET', secretSchema(32));
  const livekitUrl = read('LIVEKIT_URL', livekitUrlSchema);
  const livekitApiKey = read('LIVEKIT_API_KEY', tokenPartSchema);
  const livekitApiSecret = read('LIVEKIT_API_SECRET', tokenPartSchema);
  const logLevel = read('LOG_LEVEL', z.enum(LOG_LEVELS, { error: 'is not a log level' }), 'info');
  const nodeEnv = read('NODE_ENV', z.enum(NODE_ENVS, { error: 'is not a known environment' }), 'development');
  const modelName = z.string().regex(/^[\x21-\x7e]{1,128}$/, { error: 'is not a model name' });
  const openaiApiKey = read('OPENAI_API_KEY', tokenPartSchema);
  const openaiBaseUrl = read(
    'OPENAI_BASE_URL',
    urlSchema(['http:', 'https:'], 'an http(s) URL').transform((u) => u.href.replace(/\/+$/, '')),
  );
  const openaiModels = {
    chat: read('OPENAI_MODEL', modelName, 'gpt-4o-mini'),
    embedding: read('OPENAI_EMBEDDING_MODEL', modelName, 'text-embedding-3-small'),
    tts: read('OPENAI_TTS_MODEL', modelName, 'gpt-4o-mini-tts'),
    ttsVoice: read('OPENAI_TTS_VOICE', modelName, 'alloy'),
    stt: read('OPENAI_STT_MODEL', modelName, 'whisper-1'),
  };
  const twin = read(
    'PODIUM_TWIN',
    z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, { error: 'is not a persona id' }),
    'marisol-quennell',
  );
  const media = read('PODIUM_MEDIA', z.enum(['auto', 'none'], { error: 'is not a media mode' }), 'auto');

  // Rules across variables, reported only when the variables themselves were valid.
  const has = (name: string) => (env[name] ?? '') !== '' && !issues.some((i) => i.name === name);
  if (has('LIVEKIT_URL')) {
    for (const name of ['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']) {
      if ((env[name] ?? '') === '') {
        issues.push({
          name,
          problem: 'is not set but LIVEKIT_URL is',
          expected: 'the key pair of that LiveKit deployment',
        });
      }
    }
    if (media === 'none') {
      issues.push({
        name: 'PODIUM_MEDIA',
        problem: '"none" contradicts LIVEKIT_URL',
        expected: 'auto, or LIVEKIT_URL unset',
      });
    }
  } else if (has('LIVEKIT_API_KEY') !== has('LIVEKIT_API_SECRET')) {
    const missing = has('LIVEKIT_API_KEY') ? 'LIVEKIT_API_SECRET' : 'LIVEKIT_API_KEY';
    issues.push({ name: missing, problem: 'is not set but its pair is', expected: 'both or neither' });
  }
  if (nodeEnv === 'production') {
    for (const name of ['ADMIN_SECRET', 'SESSION_SECRET']) {
      if ((env[name] ?? '') === '') {
        issues.push({
          name,
          problem: 'is not set and NODE_ENV=production',
          expected: configDoc(name).expected,
        });
      }
    }
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return {
    port: port ?? 8080,
    host: host ?? 'localhost',
    publicUrl,
    dataDir: resolve(cwd, dataDir ?? './data'),
    databaseUrl,
    adminSecret,
    sessionSecret,
    livekitUrl,
    livekitApiKey,
    livekitApiSecret,
    logLevel: logLevel ?? 'info',
    nodeEnv: nodeEnv ?? 'development',
    media: media ?? 'auto',
    twinPersona: twin === null || twin === 'off' ? null : twin,
    openai:
      openaiApiKey === null && openaiBaseUrl === null
        ? null
        : {
            apiKey: openaiApiKey,
            baseUrl: openaiBaseUrl,
            chatModel: openaiModels.chat ?? 'gpt-4o-mini',
            embeddingModel: openaiModels.embedding ?? 'text-embedding-3-small',
            ttsModel: openaiModels.tts ?? 'gpt-4o-mini-tts',
            ttsVoice: openaiModels.ttsVoice ?? 'alloy',
            sttModel: openaiModels.stt ?? 'whisper-1',
          },
  };
}
