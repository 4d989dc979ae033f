import { JetboxError, PermanentError } from '../errors';

const PERMANENT_CODES = new Set(['PERMANENT', 'DECODE', 'SCHEMA', 'UNKNOWN_MESSAGE_TYPE']);

/**
 * True when retrying cannot help: a `PermanentError` (which includes undecodable or schema-invalid
 * payloads and unknown message types), or whatever the app's own rule says.
 */
export function isPermanent(error: unknown, extra?: (error: unknown) => boolean): boolean {
  if (error instanceof PermanentError) return true;
  if (JetboxError.is(error) && PERMANENT_CODES.has(error.code)) {
    return true;
  }
  return extra?.(error) === true;
}
