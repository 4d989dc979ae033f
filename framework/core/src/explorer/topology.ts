import type { ServiceClass } from '../app/jetbox.options';
import type { MessageClass, MessageMetadata } from '../messages';
import type { ConsumerSpec, StreamSpec } from '../ports';
import type { ResolvedRetryOptions } from '../retry';

/** One `@Handles` method, with every option resolved and checked. */
export interface HandlerDefinition {
  readonly service: ServiceClass;
  readonly method: string;
  readonly message: MessageClass;
  readonly metadata: MessageMetadata;
  readonly durable: string;
  readonly concurrency: number;
  /** Messages pulled ahead of the running handlers. */
  readonly prefetch: number;
  /** Runs in an inbox transaction (needs an outbox). */
  readonly idempotent: boolean;
  readonly timeoutMs: number;
  readonly retry: ResolvedRetryOptions;
  /** The consumer provisioned for it. */
  readonly consumer: ConsumerSpec;
  /** Set when the method also has `@Publishes`: it may publish only these. */
  readonly publishes?: readonly MessageClass[];
}

/** One `@Publishes` method. */
export interface PublisherDefinition {
  readonly service: ServiceClass;
  readonly method: string;
  readonly messages: readonly MessageClass[];
  /** Index of the context parameter: the method's last declared parameter. */
  readonly contextIndex: number;
}

/** Everything the explorer read and checked: what `app.start()` provisions and runs. */
export interface Topology {
  /** Declared streams and the dead-letter stream. */
  readonly streams: readonly StreamSpec[];
  readonly deadLetterStream: StreamSpec;
  readonly deadLetterSubjectPrefix: string;
  readonly handlers: readonly HandlerDefinition[];
  readonly publishers: readonly PublisherDefinition[];
  /** Every message class met, by type. */
  readonly messages: ReadonlyMap<string, MessageClass>;
}
