import pino from 'pino';

/** The logging calls Jetbox makes; a pino logger satisfies it, and so can any structured logger. */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A pino logger named `jetbox`, at `JETBOX_LOG_LEVEL` (default `info`), writing JSON lines to stdout. */
export function defaultLogger(name = 'jetbox'): Logger {
  return pino({ name, level: process.env.JETBOX_LOG_LEVEL ?? 'info' });
}

/** A logger that drops everything; for tests. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
