/**
 * The port every transport implements (JetStream, in-memory). The core owns the decisions — retry,
 * backoff, dead-lettering, concurrency — and a transport only stores, delivers and acknowledges.
 * Every transport passes the conformance suite in `@jetbox/testing`.
 */

/** A stream: an append-only log that stores every message published to one of its subjects. */
export interface StreamSpec {
  /** `[A-Za-z0-9_-]+`, by convention upper case per bounded context: `BANKING`. */
  readonly name: string;
  /** Subjects it captures; NATS wildcards allowed: `banking.>`. No two streams may overlap. */
  readonly subjects: readonly string[];
  /** Messages older than this are removed. 0 or absent: kept until a size limit applies. */
  readonly maxAgeMs?: number;
  /** Oldest messages are removed past this many bytes. Absent: unlimited. */
  readonly maxBytes?: number;
  /** Oldest messages are removed past this many messages. Absent: unlimited. */
  readonly maxMsgs?: number;
  /** Copies kept in a cluster (1, 3 or 5). Default 1. */
  readonly replicas?: number;
  /** Default `file`. */
  readonly storage?: 'file' | 'memory';
  /** A second publish with the same message id within this window is dropped. Default 120 000. */
  readonly duplicateWindowMs?: number;
  readonly description?: string;
}

/** A durable consumer: the server remembers what it has delivered and what was acknowledged. */
export interface ConsumerSpec {
  readonly stream: string;
  /** `[A-Za-z0-9_-]+`; unique per stream. Several processes with the same durable share its messages. */
  readonly durable: string;
  /** Only messages on this subject are delivered. */
  readonly filterSubject: string;
  /**
   * Deliveries of one message before the transport stops delivering it. The core sets this one
   * above the handler's attempts, so that a message whose last attempt never answered (crash, ack
   * timeout) is delivered once more and dead-lettered instead of being dropped.
   */
  readonly maxDeliver: number;
  /** An unacknowledged delivery is redelivered after this long (reset by `working()`). */
  readonly ackWaitMs: number;
  /**
   * Redelivery wait after delivery n (index n-1) when no ack arrives; the last value repeats.
   * Must be shorter than `maxDeliver`. Replaces `ackWaitMs` when given.
   */
  readonly backoffMs?: readonly number[];
  /**
   * At most this many delivered, unacknowledged messages at once, across all subscribers of the
   * durable (every process that shares it).
   */
  readonly maxAckPending: number;
  readonly description?: string;
}

/** A message ready for the wire. `headers` already hold the CloudEvents attributes. */
export interface OutgoingMessage {
  readonly subject: string;
  /** Deduplication id (`Nats-Msg-Id`). Equal to the `ce-id` header for Jetbox messages. */
  readonly msgId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
}

/** What the stream answered to a publish. */
export interface PublishReceipt {
  readonly stream: string;
  readonly seq: number;
  /** True when the stream had already stored a message with this id: nothing new was stored. */
  readonly duplicate: boolean;
}

/** One delivery of a stored message to a consumer. Exactly one of ack / nak / term should be called. */
export interface Delivery {
  readonly stream: string;
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
  /** 1 on the first delivery, 2 on the first redelivery, … */
  readonly deliveryCount: number;
  /** Position in the stream; stable across redeliveries. */
  readonly streamSequence: number;
  /** Done: the message is not delivered to this consumer again. */
  ack(): Promise<void>;
  /** Not done: deliver it again after `delayMs` (> 0 except when releasing on shutdown). */
  nak(delayMs: number): Promise<void>;
  /** Give up: never deliver it again. The core calls it only after a dead-letter copy is stored. */
  term(reason: string): Promise<void>;
  /** Still working: restart the ack timer. */
  working(): Promise<void>;
}

/**
 * The deliveries of one durable consumer, pulled as the iterator is read: a transport pulls more
 * only as the core reads, and never holds more than `maxAckPending` unacknowledged.
 */
export interface Subscription extends AsyncIterable<Delivery> {
  /**
   * Stop pulling. The iterator ends soon after; deliveries pulled but not yet yielded are released
   * for prompt redelivery. Deliveries already yielded stay the caller's to settle.
   */
  stop(): Promise<void>;
}

/** How a subscription reads. */
export interface SubscribeOptions {
  /**
   * At most this many messages pulled but not yet read, in this process. Pulled messages' ack
   * timers run while they wait, so the core keeps this near the handler's concurrency.
   * Default: the transport's own batch size.
   */
  readonly prefetch?: number;
}

/** A message store and delivery service. */
export interface Transport {
  /** Short name for logs: `nats`, `memory`. */
  readonly kind: string;
  /** Where it connects, without credentials: `NATS JetStream at nats://127.0.0.1:4222`. */
  describe(): string;
  /** Connect; rejects with a `JetboxError` (code `CONNECTION`) that says how to reach the server. */
  connect(): Promise<void>;
  /**
   * Create the stream, or update it to match. Never deletes. A stream that exists with settings that
   * cannot be changed, or subjects that overlap another stream, rejects with a clear error.
   */
  ensureStream(spec: StreamSpec): Promise<void>;
  /** Create the durable consumer, or update it to match. */
  ensureConsumer(spec: ConsumerSpec): Promise<void>;
  /**
   * Store one message; resolves when the stream acknowledged it. Rejects with a `JetboxError`
   * (`PUBLISH_FAILED`, `PAYLOAD_TOO_LARGE`) naming the subject when it was not stored.
   */
  publish(message: OutgoingMessage): Promise<PublishReceipt>;
  /** Read a durable consumer provisioned with `ensureConsumer`. */
  subscribe(spec: ConsumerSpec, options?: SubscribeOptions): Subscription;
  /** True while connected and usable. */
  isHealthy(): boolean;
  /** Close after flushing what was published. Idempotent. */
  close(): Promise<void>;
}
