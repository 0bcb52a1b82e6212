export { CONFIG_DOCS, type ConfigDoc } from './docs.ts';
export { ConfigError, formatIssues, type ConfigIssue } from './errors.ts';
export { LIVEKIT_KEYS_FILE, generateLivekitKeyPair, type LivekitKeyPair } from './livekit-keys.ts';
export { ADMIN_SECRET_FILE, SESSION_SECRET_FILE, loadConfig, type LoadedConfig } from './load-config.ts';
export { parseEnv } from './parse-env.ts';
export {
  LOG_LEVELS,
  NODE_ENVS,
  type DatabaseConfig,
  type LogLevel,
  type MediaConfig,
  type NodeEnv,
  type OpenAiConfig,
  type ParsedEnv,
  type PodiumConfig,
} from './types.ts';
