import type { MessageClass } from '../messages';
import type { RetryOptions } from '../retry';
import { appendMetadata } from './metadata';

/** Options of `@Handles`. Validated at `Jetbox.create()`, with an error naming the method. */
export interface HandlesOptions {
  /**
   * The durable consumer's name, `[A-Za-z0-9_-]+`, unique per app. Processes that share it share the
   * work. Default: `<class>-<method>` in kebab case. Renaming it starts a new consumer from the start
   * of the stream, so set it explicitly in production.
   */
  readonly durable?: string;
  /** Handler calls running at once in this process. Default 1. */
  readonly concurrency?: number;
  /**
   * Messages this process pulls ahead of its running handlers. Their ack timers run while they
   * wait, so a prefetched message can time out and be redelivered elsewhere when handlers run near
   * `timeoutMs`; raise it only for handlers much faster than their timeout. Default `concurrency`.
   */
  readonly prefetch?: number;
  /**
   * Delivered, unacknowledged messages at once across every process sharing the durable (the
   * consumer's `max_ack_pending`): a cap for scale-out, at least `concurrency`. Default 1 000.
   */
  readonly maxAckPending?: number;
  /**
   * A call that neither returns nor calls `ctx.working()` within this time fails as retryable (the
   * `ctx.signal` aborts). Also sets how long the server waits before redelivering to another
   * process when this one died. Default 30 000 ms.
   */
  readonly timeoutMs?: number;
  /** Retries and backoff. */
  readonly retry?: RetryOptions;
  /**
   * Run in a database transaction that first records `(durable, message id)` in the inbox; a
   * redelivered message already recorded is acked without calling the handler. What the handler
   * publishes joins that transaction. Needs an outbox; default true when one is configured.
   */
  readonly idempotent?: boolean;
}

/** What `@Handles` records. */
export interface HandlesMetadata {
  readonly method: string;
  readonly message: MessageClass;
  readonly options: HandlesOptions;
}

export const HANDLES = Symbol.for('@jetbox/core/handles');

/**
 * Makes the method a handler of `message`: at `app.start()` Jetbox provisions a durable consumer on
 * the message's subject and calls `method(message, ctx: MessageContext)` for each delivery. Resolves →
 * ack; throws → retried with backoff, then dead-lettered. Only records metadata.
 */
export function Handles<T extends object>(message: MessageClass<T>, options: HandlesOptions = {}): MethodDecorator {
  return (target, propertyKey) => {
    appendMetadata<HandlesMetadata>(HANDLES, target.constructor, { method: String(propertyKey), message, options });
  };
}
