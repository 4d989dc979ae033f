import { ConfigError } from '../../errors';
import type {
  ConsumerSpec,
  Delivery,
  OutgoingMessage,
  PublishReceipt,
  StreamSpec,
  SubscribeOptions,
  Subscription,
  Transport,
} from '../../ports';

const NAMESPACE = /^[a-z0-9_-]+$/;

/**
 * A transport that moves everything of one app under a namespace: stream `SOCIAL` becomes
 * `<NS>_SOCIAL`, subject `social.post.published.v1` becomes `<ns>.social.post.published.v1` (and
 * consumers, which live in a stream, follow; so do the dead-letter stream and its subjects). What it
 * answers is in the app's own names again: receipts and deliveries carry `SOCIAL` and
 * `social.post.published.v1`, and ids, headers and data are untouched, so the app cannot tell. Lets
 * tests, and several copies of an app, share one NATS server without sharing a message. Create it
 * with {@link namespaced}.
 */
export class NamespacedTransport implements Transport {
  private readonly streamPrefix: string;

  /** Throws a `ConfigError` unless `namespace` is lower-case letters, digits, `_` and `-`. */
  constructor(
    private readonly inner: Transport,
    private readonly namespace: string,
  ) {
    if (!NAMESPACE.test(namespace)) {
      throw new ConfigError([
        `namespace '${namespace}' must be lower-case letters, digits, '_' and '-' (it prefixes subjects and, upper-cased, stream names): e.g. 'test_1'`,
      ]);
    }
    this.streamPrefix = `${namespace.toUpperCase()}_`;
  }

  get kind(): string {
    return this.inner.kind;
  }

  describe(): string {
    return `${this.inner.describe()} (namespace ${this.namespace})`;
  }

  connect(): Promise<void> {
    return this.inner.connect();
  }

  ensureStream(spec: StreamSpec): Promise<void> {
    return this.inner.ensureStream({
      ...spec,
      name: this.stream(spec.name),
      subjects: spec.subjects.map((subject) => this.subject(subject)),
    });
  }

  ensureConsumer(spec: ConsumerSpec): Promise<void> {
    return this.inner.ensureConsumer(this.consumer(spec));
  }

  async publish(message: OutgoingMessage): Promise<PublishReceipt> {
    const receipt = await this.inner.publish({ ...message, subject: this.subject(message.subject) });
    return { ...receipt, stream: this.unprefix(receipt.stream, this.streamPrefix) };
  }

  subscribe(spec: ConsumerSpec, options?: SubscribeOptions): Subscription {
    const inner = this.inner.subscribe(this.consumer(spec), options);
    return {
      stop: () => inner.stop(),
      [Symbol.asyncIterator]: () => {
        const deliveries = inner[Symbol.asyncIterator]();
        return {
          next: async () => {
            const next = await deliveries.next();
            return next.done ? next : { done: false, value: this.delivery(next.value) };
          },
          return: async () => (await deliveries.return?.()) ?? { done: true, value: undefined },
        };
      },
    };
  }

  isHealthy(): boolean {
    return this.inner.isHealthy();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The stream's name on the server. */
  stream(name: string): string {
    return `${this.streamPrefix}${name}`;
  }

  private subject(subject: string): string {
    return `${this.namespace}.${subject}`;
  }

  private unprefix(name: string, prefix: string): string {
    return name.startsWith(prefix) ? name.slice(prefix.length) : name;
  }

  /** The delivery as the app named it; settling it settles the original. */
  private delivery(wire: Delivery): Delivery {
    return {
      stream: this.unprefix(wire.stream, this.streamPrefix),
      subject: this.unprefix(wire.subject, `${this.namespace}.`),
      headers: wire.headers,
      data: wire.data,
      deliveryCount: wire.deliveryCount,
      streamSequence: wire.streamSequence,
      ack: () => wire.ack(),
      nak: (delayMs) => wire.nak(delayMs),
      term: (reason) => wire.term(reason),
      working: () => wire.working(),
    };
  }

  private consumer(spec: ConsumerSpec): ConsumerSpec {
    return { ...spec, stream: this.stream(spec.stream), filterSubject: this.subject(spec.filterSubject) };
  }
}

/** `transport` with every stream, subject and consumer moved under `namespace`; see {@link NamespacedTransport}. */
export function namespaced(transport: Transport, namespace: string): NamespacedTransport {
  return new NamespacedTransport(transport, namespace);
}
