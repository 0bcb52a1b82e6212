export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { requestLogger } from './request-log.ts';
