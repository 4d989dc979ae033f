import { JetboxError } from './jetbox.error';

/** A handler did not finish (or call `ctx.working()`) within its `timeoutMs`. Retryable. */
export class HandlerTimeoutError extends JetboxError {
  constructor(message: string) {
    super('HANDLER_TIMEOUT', message);
  }
}
