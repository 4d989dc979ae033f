import type { MessageContext } from './message.context';

/** Which handler is being called. */
export interface HandlerDescriptor {
  readonly service: string;
  readonly method: string;
  readonly durable: string;
  readonly messageType: string;
}

/** One handler call, as middleware sees it. */
export interface HandlerInvocation {
  readonly handler: HandlerDescriptor;
  /** The decoded, validated message (an instance of the handled class). */
  readonly message: object;
  readonly context: MessageContext;
}

/**
 * Runs around a handler call: call `next()` to go on; throw to fail the delivery (a `PermanentError`
 * dead-letters at once, anything else is retried). Tracing, metrics and auth are middleware.
 */
export type HandlerMiddleware = (invocation: HandlerInvocation, next: () => Promise<void>) => Promise<void>;

/** Runs `middleware` in order around `last`. */
export function composeMiddleware(
  middleware: readonly HandlerMiddleware[],
  last: (invocation: HandlerInvocation) => Promise<void>,
): (invocation: HandlerInvocation) => Promise<void> {
  return (invocation) => {
    const run = (i: number): Promise<void> =>
      i < middleware.length ? (middleware[i] as HandlerMiddleware)(invocation, () => run(i + 1)) : last(invocation);
    return run(0);
  };
}
