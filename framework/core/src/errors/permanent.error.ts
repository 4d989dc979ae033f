import { JetboxError, type JetboxErrorCode } from './jetbox.error';

/**
 * An error that retrying cannot fix. Thrown from a handler, it skips the remaining deliveries: the
 * message goes straight to the dead-letter stream, with this error recorded, and the consumer moves on.
 */
export class PermanentError extends JetboxError {
  constructor(message: string, options?: { cause?: unknown; code?: JetboxErrorCode }) {
    super(options?.code ?? 'PERMANENT', message, options);
  }
}

/** The message body is not valid JSON (or not valid UTF-8). Permanent. */
export class DecodeError extends PermanentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'DECODE' });
  }
}

/** The payload does not satisfy the message's schema. Permanent when consuming; thrown before anything is sent when publishing. */
export class SchemaValidationError extends PermanentError {
  /** Each problem as `path: message`, as the schema library reported it. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[]) {
    super(message, { code: 'SCHEMA' });
    this.issues = issues;
  }
}

/** A message arrived whose `ce-type` is not the one the handler was declared for. Permanent. */
export class UnknownMessageTypeError extends PermanentError {
  constructor(message: string) {
    super(message, { code: 'UNKNOWN_MESSAGE_TYPE' });
  }
}
