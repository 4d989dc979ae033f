import { Headers } from '../../envelope';
import { ConfigError, JetboxError } from '../../errors';
import type {
  ConsumerSpec,
  OutgoingMessage,
  PublishReceipt,
  StreamSpec,
  Subscription,
  Transport,
} from '../../ports';
import { resolveStreamConfig, subjectProblem, validateConsumerSpec } from './memory-config';
import { MemoryConsumer } from './memory-consumer';
import { MemoryStream, wireHeaderSize } from './memory-stream';
import { MemorySubscription } from './memory-subscription';

/** Options for {@link MemoryTransport}. */
export interface MemoryTransportOptions {
  /**
   * Largest message accepted, headers and data together, in bytes as they would be on the NATS wire.
   * Default 1 MiB, the NATS server's default `max_payload`.
   */
  readonly maxPayload?: number;
}

const DEFAULTS: Required<MemoryTransportOptions> = { maxPayload: 1024 * 1024 };

/**
 * A transport that keeps streams and durable consumers in this process, with the semantics of NATS
 * JetStream: streams capture subjects (wildcards `*`, `>`), number messages from 1, apply their
 * limits by discarding the oldest, and drop a repeated message id within the duplicate window.
 * Durable consumers deliver all messages, in stream order, with explicit ack; they redeliver an
 * unacknowledged message after `ackWaitMs` (or `backoffMs`), up to `maxDeliver` deliveries, and never
 * hold more than `maxAckPending` unacknowledged across all their subscriptions. Published data is
 * copied, so a caller may reuse its buffer. Nothing survives the process, and only this process
 * sees the messages. Its timers never keep the process alive; `close()` stops them all.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory';
  private readonly options: Required<MemoryTransportOptions>;
  private state: 'new' | 'connected' | 'closed' = 'new';
  private readonly streams = new Map<string, MemoryStream>();
  private readonly consumers = new Map<string, MemoryConsumer>();

  /** Throws a `ConfigError` when an option cannot work. */
  constructor(options: MemoryTransportOptions = {}) {
    const maxPayload = options.maxPayload ?? DEFAULTS.maxPayload;
    this.options = { maxPayload };
    if (!(Number.isInteger(maxPayload) && maxPayload > 0)) {
      throw new ConfigError([
        `memory transport maxPayload is ${maxPayload}: use a whole number of bytes above 0`,
      ]);
    }
  }

  describe(): string {
    return 'in-memory transport (this process only)';
  }

  /** Makes the transport usable; rejects with `STOPPED` after `close()`. Idempotent. */
  async connect(): Promise<void> {
    this.assertNotClosed('connect');
    this.state = 'connected';
  }

  /**
   * Creates or updates the stream. Rejects with a `ConfigError` naming the stream and what to change
   * when a subject overlaps another stream's, the storage type would change, or a setting is invalid.
   * Tighter limits discard the oldest messages at once.
   */
  async ensureStream(spec: StreamSpec): Promise<void> {
    this.assertConnected('declare a stream');
    const existing = this.streams.get(spec.name);
    const others = [...this.streams.values()].filter((stream) => stream !== existing).map((s) => s.config);
    const config = resolveStreamConfig(spec, existing?.config, others);
    if (existing) existing.reconfigure(config);
    else this.streams.set(spec.name, new MemoryStream(config));
  }

  /**
   * Creates the durable consumer, delivering from the stream's first message, or updates its settings
   * for later deliveries. Rejects with a `ConfigError` when the stream does not exist, the filter is
   * not captured by the stream, or a setting is invalid.
   */
  async ensureConsumer(spec: ConsumerSpec): Promise<void> {
    this.assertConnected('declare a consumer');
    const stream = this.streams.get(spec.stream);
    if (!stream) {
      throw new ConfigError([
        `consumer '${spec.durable}' on stream '${spec.stream}': the stream does not exist; declare it with ensureStream first`,
      ]);
    }
    validateConsumerSpec(spec, stream.config);
    const key = consumerKey(spec);
    const existing = this.consumers.get(key);
    if (existing) existing.reconfigure(spec);
    else this.consumers.set(key, new MemoryConsumer(stream, spec));
  }

  /**
   * Stores a copy of the message in the stream that captures its subject and resolves with its
   * sequence. A non-empty `msgId` is also set as the `Nats-Msg-Id` header, as on the wire.
   * Rejects with `PUBLISH_FAILED` when no stream captures the subject or it is not a concrete
   * subject, `PAYLOAD_TOO_LARGE` past `maxPayload`, `NOT_STARTED` before `connect()`, `STOPPED`
   * after `close()`.
   */
  async publish(message: OutgoingMessage): Promise<PublishReceipt> {
    this.assertConnected(`publish '${message.subject}'`);
    const { subject, msgId } = message;
    const invalid = subjectProblem(subject, false);
    if (invalid)
      throw new JetboxError('PUBLISH_FAILED', `cannot publish '${subject}': not a valid subject; ${invalid}`);
    const headers = msgId === '' ? { ...message.headers } : { ...message.headers, [Headers.msgId]: msgId };
    const size = wireHeaderSize(headers) + message.data.length;
    if (size > this.options.maxPayload) {
      throw new JetboxError(
        'PAYLOAD_TOO_LARGE',
        `cannot publish '${subject}': the message takes ${size} bytes with its headers, more than the ` +
          `maximum payload of ${this.options.maxPayload} bytes; send less data or raise maxPayload`,
      );
    }
    const stream = [...this.streams.values()].find((candidate) => candidate.captures(subject));
    if (!stream) {
      throw new JetboxError(
        'PUBLISH_FAILED',
        `cannot publish '${subject}': no stream captures this subject; declare a stream whose subjects include it`,
      );
    }
    const { seq, duplicate } = stream.store({ subject, msgId, headers, data: message.data.slice() });
    if (!duplicate) {
      for (const consumer of this.consumers.values()) {
        if (consumer.config.stream === stream.config.name) consumer.dispatch();
      }
    }
    return { stream: stream.config.name, seq, duplicate };
  }

  /**
   * Reads a consumer provisioned with `ensureConsumer`; only `stream` and `durable` of `spec` are
   * used, the settings are the provisioned ones. Throws `TRANSPORT` when the consumer does not
   * exist, `NOT_STARTED` before `connect()`, `STOPPED` after `close()`.
   */
  subscribe(spec: ConsumerSpec): Subscription {
    this.assertConnected(`subscribe to consumer '${spec.durable}'`);
    const consumer = this.consumers.get(consumerKey(spec));
    if (!consumer) {
      throw new JetboxError(
        'TRANSPORT',
        `cannot subscribe to consumer '${spec.durable}' on stream '${spec.stream}': it does not exist; ` +
          'declare it with ensureConsumer first',
      );
    }
    return new MemorySubscription(consumer);
  }

  /** True between `connect()` and `close()`. */
  isHealthy(): boolean {
    return this.state === 'connected';
  }

  /**
   * Stops every timer, ends every subscription's iteration and drops all messages. Later settles of
   * deliveries and later calls reject with `STOPPED`. Idempotent.
   */
  async close(): Promise<void> {
    this.state = 'closed';
    this.consumers.forEach((consumer) => consumer.close());
    this.consumers.clear();
    this.streams.clear();
  }

  private assertNotClosed(action: string): void {
    if (this.state === 'closed') {
      throw new JetboxError('STOPPED', `cannot ${action}: the memory transport is closed`);
    }
  }

  private assertConnected(action: string): void {
    this.assertNotClosed(action);
    if (this.state === 'new') {
      throw new JetboxError(
        'NOT_STARTED',
        `cannot ${action}: the memory transport is not connected; call connect() first`,
      );
    }
  }
}

/** A new {@link MemoryTransport}; see there for what it guarantees. */
export function memoryTransport(options?: MemoryTransportOptions): MemoryTransport {
  return new MemoryTransport(options);
}

function consumerKey(spec: Pick<ConsumerSpec, 'stream' | 'durable'>): string {
  return `${spec.stream}\u0000${spec.durable}`;
}
