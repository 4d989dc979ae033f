const JETBOX_ERROR = Symbol.for('@jetbox/core/JetboxError');

/** Stable, machine-readable error codes. A caller may branch on `error.code`; messages may change. */
export type JetboxErrorCode =
  | 'CONFIG'
  | 'PERMANENT'
  | 'DECODE'
  | 'SCHEMA'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'HANDLER_TIMEOUT'
  | 'PUBLISH_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_STARTED'
  | 'STOPPED'
  | 'TRANSPORT'
  | 'CONNECTION';

/**
 * Base class of every error Jetbox throws. `code` is stable; `cause` carries the driver's error.
 * `JetboxError.is(e)` works across two installed copies of `@jetbox/core`, where `instanceof` does not.
 */
export class JetboxError extends Error {
  readonly code: JetboxErrorCode;

  constructor(code: JetboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, JETBOX_ERROR, { value: true });
  }

  /** True for any Jetbox error, also one thrown by another copy of this package. */
  static is(error: unknown): error is JetboxError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[JETBOX_ERROR] === true;
  }
}
