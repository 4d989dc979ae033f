import {
  delay,
  type ConsumerSpec,
  type OutgoingMessage,
  type PublishReceipt,
  type StreamSpec,
  type Transport,
} from '@jetbox/core';
import { DeliveryCollector, type DeliveryCollectorOptions } from './delivery-collector';

/** Options of {@link describeTransportConformance}. */
export interface TransportConformanceOptions {
  /**
   * Called once after all cases, before `close()`, with the suite's transport. Streams are named
   * `CONF_<suffix>` and capture `conf.<suffix>.>`; the suite deletes nothing itself.
   */
  readonly cleanup?: (transport: Transport) => Promise<void>;
  /** How much earlier than asked a redelivery may arrive (timer jitter). Default 100 ms. */
  readonly timingToleranceMs?: number;
}

/** What every case file receives. */
export interface ConformanceContext {
  /** The suite's connected transport; available inside hooks and tests, not while declaring them. */
  readonly transport: () => Transport;
  readonly factory: () => Promise<Transport>;
  readonly toleranceMs: number;
}

/** Overrides for one case's stream and consumer. */
export interface FixtureOptions {
  readonly stream?: Partial<Omit<StreamSpec, 'name'>>;
  readonly consumer?: Partial<Omit<ConsumerSpec, 'stream' | 'durable'>>;
  /** Declare the stream and consumer in `beforeAll`. Default true. */
  readonly provision?: boolean;
}

/** One case's stream, consumer and subjects, all uniquely named, and the readers it started. */
export interface Fixture {
  readonly suffix: string;
  readonly stream: StreamSpec;
  readonly consumer: ConsumerSpec;
  /** The subject the consumer filters on. */
  readonly subject: string;
  /** Another subject the stream captures. */
  readonly otherSubject: string;
  /** A message with a unique id; `index` goes into the id, a header and the JSON data. */
  message(index: number, subject?: string): OutgoingMessage;
  /** Publishes `message(i)` for each index, one after the other. */
  publish(indexes: readonly number[], subject?: string): Promise<PublishReceipt[]>;
  /** Subscribes to the consumer and starts collecting; stopped after the case. */
  read(options?: DeliveryCollectorOptions): DeliveryCollector;
}

let counter = 0;

/** Lower-case alphanumerics, unique per call and, with high probability, across runs and processes. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}${counter}`;
}

const encoder = new TextEncoder();

/**
 * Declares, inside the current `describe`, a `beforeAll` that provisions a fresh stream and consumer
 * and an `afterAll` that stops the readers the case started. Declare it before the case's own hooks.
 */
export function useFixture(context: ConformanceContext, options: FixtureOptions = {}): Fixture {
  const suffix = uniqueSuffix();
  const subject = `conf.${suffix}.event.v1`;
  const stream: StreamSpec = {
    name: `CONF_${suffix}`,
    subjects: [`conf.${suffix}.>`],
    storage: 'memory',
    ...options.stream,
  };
  const consumer: ConsumerSpec = {
    stream: stream.name,
    durable: `conf-${suffix}`,
    filterSubject: subject,
    maxDeliver: 5,
    ackWaitMs: 10_000,
    maxAckPending: 100,
    ...options.consumer,
  };
  const readers: DeliveryCollector[] = [];
  const message = (index: number, to = subject): OutgoingMessage => {
    const id = `${suffix}-${index}`;
    return {
      subject: to,
      msgId: id,
      headers: { 'ce-id': id, 'ce-type': to, 'Nats-Msg-Id': id, 'x-conformance-index': String(index) },
      data: encoder.encode(JSON.stringify({ index })),
    };
  };
  beforeAll(async () => {
    if (options.provision === false) return;
    await context.transport().ensureStream(stream);
    await context.transport().ensureConsumer(consumer);
  });
  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.stop()));
  });
  return {
    suffix,
    stream,
    consumer,
    subject,
    otherSubject: `conf.${suffix}.other.v1`,
    message,
    async publish(indexes, to) {
      const receipts: PublishReceipt[] = [];
      for (const index of indexes) receipts.push(await context.transport().publish(message(index, to)));
      return receipts;
    },
    read(readOptions) {
      const reader = new DeliveryCollector(context.transport().subscribe(consumer), readOptions);
      readers.push(reader);
      return reader;
    },
  };
}

/** Resolves with what `promise` rejected with, or with `undefined` when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Resolves once `ms` have passed since `since` (a `performance.now()` time). */
export async function until(since: number, ms: number): Promise<void> {
  const left = since + ms - performance.now();
  if (left > 0) await delay(left);
}
