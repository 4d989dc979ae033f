import type { Logger } from '@jetbox/core';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A level of {@link consoleLogger}, or `silent`. */
export type LogLevel = (typeof LEVELS)[number] | 'silent';

/** Parses `JETBOX_LOG_LEVEL`; `fallback` when unset. Throws, naming the levels, for anything else. */
export function parseLogLevel(value: string | undefined, fallback: LogLevel): LogLevel {
  if (value === undefined || value === '') return fallback;
  if (value === 'silent' || (LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new Error(`JETBOX_LOG_LEVEL '${value}' is not a level; use one of ${[...LEVELS, 'silent'].join(', ')}`);
}

const render = (value: unknown): string => {
  if (value instanceof Error) return JSON.stringify(value.message);
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
};

/**
 * One line per entry on stderr — `12:00:01.234 WARN  handler failed; will retry durable="accounts-debit" err="…"` —
 * for people reading a terminal. Entries below `level` are dropped.
 */
export function consoleLogger(level: LogLevel, name = 'banking'): Logger {
  const threshold = level === 'silent' ? LEVELS.length : LEVELS.indexOf(level);
  const write = (at: (typeof LEVELS)[number]) => (fields: object, message: string) => {
    if (LEVELS.indexOf(at) < threshold) return;
    const details = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${render(v)}`)
      .join(' ');
    process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${at.toUpperCase().padEnd(5)} [${name}] ${message}${details ? ` ${details}` : ''}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
