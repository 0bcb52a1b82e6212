import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/index.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
  /** Replace personal data (the `pii` field) with "[redacted]". */
  redactPersonalData?: boolean;
}

/** Fields that must never reach a log line, wherever a caller put them. */
const SECRET_PATHS = [
  'token',
  'secret',
  'password',
  'authorization',
  'cookie',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
];

/**
 * The root logger. Modules take a child (`log.child({ module: 'rooms' })`), log static messages and
 * put data in fields; personal data (display names) goes under `pii` so it can be redacted in one place:
 * `log.info({ pii: { name }, identity }, 'participant joined')`.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const paths = options.redactPersonalData ? [...SECRET_PATHS, 'pii'] : SECRET_PATHS;
  return pino(
    {
      level,
      base: { app: 'podium' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
