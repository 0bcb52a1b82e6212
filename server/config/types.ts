export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export type DatabaseConfig = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

/**
 * Where media goes: the embedded SFU on our own port, an external LiveKit deployment, or nowhere
 * (PODIUM_MEDIA=none, for HTTP-only tests and diagnostics).
 */
export type MediaConfig =
  | { mode: 'embedded'; apiKey: string; apiSecret: string }
  | { mode: 'external'; url: string; apiKey: string; apiSecret: string }
  | { mode: 'none'; apiKey: string; apiSecret: string };

/** An OpenAI-compatible endpoint; null in the offline default. */
export interface OpenAiConfig {
  apiKey: string | null;
  baseUrl: string | null;
  chatModel: string;
  embeddingModel: string;
  ttsModel: string;
  ttsVoice: string;
  sttModel: string;
}

/** The environment, validated; secrets still possibly missing (they are resolved from DATA_DIR). */
export interface ParsedEnv {
  port: number;
  host: string;
  publicUrl: string | null;
  dataDir: string;
  databaseUrl: string | null;
  adminSecret: string | null;
  sessionSecret: string | null;
  livekitUrl: string | null;
  livekitApiKey: string | null;
  livekitApiSecret: string | null;
  logLevel: LogLevel;
  nodeEnv: NodeEnv;
  media: 'auto' | 'none';
  /** PODIUM_TWIN: the persona whose twin joins all-hands rooms; null: off. */
  twinPersona: string | null;
  openai: OpenAiConfig | null;
}

/** Everything Podium needs to run, fully resolved. */
export interface PodiumConfig {
  port: number;
  host: string;
  /** Base for invite links; null: the origin of the request that created the invite. */
  publicUrl: string | null;
  /** Absolute path. */
  dataDir: string;
  database: DatabaseConfig;
  adminSecret: string;
  sessionSecret: string;
  media: MediaConfig;
  logLevel: LogLevel;
  nodeEnv: NodeEnv;
  /** PODIUM_TWIN: the persona whose twin joins all-hands rooms; null: off. */
  twinPersona: string | null;
  openai: OpenAiConfig | null;
}
