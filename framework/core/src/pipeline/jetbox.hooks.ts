import type { HandlerDescriptor } from './handler.middleware';

/** What happened to one delivery. */
export interface DeliveryOutcome {
  readonly handler: HandlerDescriptor;
  readonly messageId: string;
  readonly deliveryCount: number;
  readonly durationMs: number;
  /** Set unless the outcome is `handled`. */
  readonly error?: unknown;
  /** For `retry`: the delay asked of the transport. */
  readonly retryDelayMs?: number;
  /** For `handled`: true when the inbox already held the message, so the handler did not run. */
  readonly duplicate?: boolean;
  /** For `deadLettered`: why. */
  readonly reason?: 'permanent' | 'max_deliver';
}

/**
 * Called after each delivery is settled; for metrics and logs. A hook that throws is logged and
 * otherwise ignored: it never changes what happens to the message.
 */
export interface JetboxHooks {
  onHandled?(outcome: DeliveryOutcome): void;
  onRetry?(outcome: DeliveryOutcome): void;
  onDeadLettered?(outcome: DeliveryOutcome): void;
}
