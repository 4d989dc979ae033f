import { JetboxError } from '../errors';

/** Options of a single publish. */
export interface PublishOptions {
  /** Partition key: messages with the same key keep their order where order is asked for. */
  readonly key?: string;
  /** The message id; default a new UUIDv7. Reuse an id only to make a retry of the same message. */
  readonly id?: string;
  /** Extra headers, sent as they are. Names starting with `ce-` are reserved. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Publish no earlier than this many ms from now. Needs an outbox (the row waits in the table);
   * without one, publishing with a delay is refused.
   */
  readonly delay?: number;
}

/** A message waiting in a publishing context. */
export interface PendingMessage {
  readonly message: object;
  readonly options: PublishOptions;
}

const PUBLISH_CONTEXT = Symbol.for('@jetbox/core/publish-context');

/**
 * Where a `@Publishes` method or a handler publishes. Messages are collected, and sent only when the
 * method resolves; if it throws, none is sent.
 */
export interface PublishContext {
  /** Queue `message` (an instance of an `@Event`/`@Command` class) for sending when the method resolves. */
  publish(message: object, options?: PublishOptions): void;
}

/** Collects what a method publishes, in order. */
export class BufferedPublishContext implements PublishContext {
  readonly pending: PendingMessage[] = [];

  constructor(private readonly check: (message: object) => void) {}

  publish(message: object, options: PublishOptions = {}): void {
    this.check(message);
    this.pending.push({ message, options });
  }
}

Object.defineProperty(BufferedPublishContext.prototype, PUBLISH_CONTEXT, { value: true });

/** True for a context Jetbox made (so a caller that passes its own joins it). */
export function isPublishContext(value: unknown): value is PublishContext {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PUBLISH_CONTEXT] === true;
}

/**
 * The default value for a `@Publishes` method's context parameter, so callers need not pass one:
 * `async place(cmd: PlaceOrder, ctx = publishContext()) { ctx.publish(…) }`. Jetbox replaces it
 * with a real context on every call; this placeholder only throws, saying why it was reached.
 */
export function publishContext(): PublishContext {
  return {
    publish() {
      throw new JetboxError(
        'CONFIG',
        'publish() was called on a placeholder context: this instance was not built by a container that Jetbox.create() was given, or its method was called unbound; get the service from the container',
      );
    },
  };
}
