import { JetboxError } from '@jetbox/core';

/** MySQL/MariaDB: ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT. */
const LOCK_CONFLICT_ERRNOS = new Set([1213, 1205]);
const LOCK_CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);
/** Socket and protocol failures: the server cannot be reached, or the connection dropped. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
]);

function fields(error: unknown): { code?: unknown; errno?: unknown } {
  if (typeof error !== 'object' || error === null) return {};
  const own = error as { code?: unknown; errno?: unknown; driverError?: unknown };
  if (own.code !== undefined || own.errno !== undefined) return own;
  return typeof own.driverError === 'object' && own.driverError !== null ? (own.driverError as { code?: unknown; errno?: unknown }) : {};
}

/** True for a deadlock or lock-wait timeout: the transaction was rolled back and may simply be retried. */
export function isLockConflict(error: unknown): boolean {
  const { code, errno } = fields(error);
  return (typeof errno === 'number' && LOCK_CONFLICT_ERRNOS.has(errno)) || (typeof code === 'string' && LOCK_CONFLICT_CODES.has(code));
}

/** True when the database could not be reached or the connection to it was lost. */
export function isUnreachable(error: unknown): boolean {
  const { code } = fields(error);
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

/**
 * Translates a driver error at the store's boundary. Unreachable database → `JetboxError('CONNECTION')`
 * saying where; any other error is rethrown as the same object (class, `code`, `errno` kept) with
 * `context` prefixed to its message: "cannot claim outbox rows: <cause>".
 */
export function translateDriverError(error: unknown, context: string, where: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (isUnreachable(error)) {
    return new JetboxError('CONNECTION', `${context}: the database at ${where} is not reachable: ${message}`, { cause: error });
  }
  if (JetboxError.is(error)) return error;
  if (error instanceof Error) {
    if (!error.message.startsWith(`${context}: `)) error.message = `${context}: ${error.message}`;
    return error;
  }
  return new Error(`${context}: ${message}`, { cause: error });
}
