import type {
  ConsumerSpec,
  OutgoingMessage,
  PublishReceipt,
  StreamSpec,
  SubscribeOptions,
  Subscription,
  Transport,
} from '@jetbox/core';

/**
 * A transport that moves everything of one app under a namespace: stream `SOCIAL` becomes
 * `<NS>_SOCIAL`, subject `social.post.published.v1` becomes `<ns>.social.post.published.v1` (and
 * consumers, which live in a stream, follow). Message types, ids and headers are untouched, so
 * handlers see the same messages; `ctx.subject` shows the wire subject. Lets tests and several
 * copies of the sample share one NATS server without sharing a message.
 */
export class NamespacedTransport implements Transport {
  private readonly streamPrefix: string;

  constructor(
    private readonly inner: Transport,
    private readonly namespace: string,
  ) {
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

  publish(message: OutgoingMessage): Promise<PublishReceipt> {
    return this.inner.publish({ ...message, subject: this.subject(message.subject) });
  }

  subscribe(spec: ConsumerSpec, options?: SubscribeOptions): Subscription {
    return this.inner.subscribe(this.consumer(spec), options);
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

  private consumer(spec: ConsumerSpec): ConsumerSpec {
    return { ...spec, stream: this.stream(spec.stream), filterSubject: this.subject(spec.filterSubject) };
  }
}
