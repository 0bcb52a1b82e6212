import { pino, type Logger } from 'pino';

const silent = pino({ level: 'silent' });

/** A child logger for one speech module; silent when the caller gave no logger (tests, scripts). */
export function moduleLogger(parent: Logger | undefined, module: string): Logger {
  return (parent ?? silent).child({ module });
}
