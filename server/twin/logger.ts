import { pino, type Logger } from 'pino';

/**
 * The twin's default logger: structured JSON on stderr (never stdout, which the CLI reserves for
 * results). Callers that have an app logger pass a child of it instead.
 */
export function defaultTwinLogger(): Logger {
  return pino({ name: 'twin', level: process.env['LOG_LEVEL'] ?? 'warn' }, pino.destination(2));
}
