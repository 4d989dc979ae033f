import { JetboxError, type ConsumerSpec, type Delivery, type Subscription } from '@jetbox/core';
import { ConsumerEvents, type Consumer, type ConsumerMessages, type JetStreamClient, type JsMsg, type NatsConnection } from 'nats';
import type { AckBatcher } from './ack.batcher';
import { JetStreamDelivery, supportsTermReason } from './jetstream.delivery';
import type { NatsTransportLogger } from './nats.options';
import { causeText } from './nats-error.translate';

/** What a subscription needs from its transport. */
export interface SubscriptionDeps {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly pullBatch: number;
  /** Batches acknowledgements into fewer socket writes. */
  readonly acks: AckBatcher;
  readonly logger: NatsTransportLogger;
  /** Called once, when the subscription has stopped and released what it held. */
  readonly onStopped: () => void;
}

/** One `consume()` of the durable consumer, read one message at a time. */
interface Session {
  readonly consumer: Consumer;
  readonly messages: ConsumerMessages;
  readonly reader: AsyncIterator<JsMsg>;
}

/** Waits before re-opening after a failure: quick at first, then every 30 s. */
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Reads a durable pull consumer with `consume()`. A pull is sent only when the reader has taken what
 * the previous one brought, so at most `min(pullBatch, maxAckPending)` messages wait unread.
 * Network blips and server restarts are handled by the client (heartbeats, reconnect, re-pull); if
 * the consumer cannot be read (deleted, stream gone, no JetStream), it is re-opened with backoff, and
 * the iterator keeps waiting rather than ending. The iterator ends after `stop()`, after `break`, or
 * with a `CONNECTION` error once the connection has closed for good.
 */
export class JetStreamSubscription implements Subscription {
  private stopped = false;
  private failure?: JetboxError;
  private iterated = false;
  private session?: Session;
  private releasing?: Promise<void>;
  private wake?: () => void;
  private readonly termWithReason: boolean;

  constructor(
    private readonly spec: ConsumerSpec,
    private readonly deps: SubscriptionDeps,
  ) {
    this.termWithReason = supportsTermReason(deps.nc.info?.version);
  }

  /** The deliveries, in the order the consumer hands them out. A subscription can be read once. */
  [Symbol.asyncIterator](): AsyncIterator<Delivery> {
    if (this.iterated) {
      throw new JetboxError('TRANSPORT', `the subscription to ${this.where} is already being read; call subscribe() again for another reader`);
    }
    this.iterated = true;
    return this.run();
  }

  /**
   * Stops pulling. Messages pulled but not yet read are nak'ed (no delay), so another reader gets
   * them at once. Deliveries already yielded stay the caller's to settle. Idempotent.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.release();
  }

  /** Ends the iteration with `error` (after releasing, as `stop()` does): the connection is gone for good. */
  async abort(error: JetboxError): Promise<void> {
    this.failure ??= error;
    await this.stop();
  }

  private get where(): string {
    return `consumer '${this.spec.durable}' on stream '${this.spec.stream}'`;
  }

  private async *run(): AsyncGenerator<Delivery, void, undefined> {
    try {
      let failures = 0;
      while (!this.stopped) {
        let session: Session;
        try {
          session = await this.open();
        } catch (error) {
          if (this.stopped) break;
          this.checkConnection(error);
          this.deps.logger.warn({ stream: this.spec.stream, durable: this.spec.durable, err: error }, `cannot read ${this.where} (${causeText(error)}); retrying`);
          await this.pause(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]!);
          continue;
        }
        if (this.stopped) {
          // Never iterated, so its first pull was never sent: nothing to release.
          void session.messages.close().catch(() => undefined);
          break;
        }
        this.session = session;
        failures = 0;
        const ended = yield* this.read(session);
        if (this.stopped) break;
        this.session = undefined;
        this.checkConnection(ended);
        this.deps.logger.warn({ stream: this.spec.stream, durable: this.spec.durable, err: ended }, `reading ${this.where} ended (${ended ? causeText(ended) : 'no error'}); re-opening`);
        await this.pause(RETRY_MS[0]!);
      }
      if (this.failure) throw this.failure;
    } finally {
      this.stopped = true;
      await this.release();
    }
  }

  /** Yields until the session ends on its own (returning its error) or the subscription stops. */
  private async *read(session: Session): AsyncGenerator<Delivery, unknown, undefined> {
    for (;;) {
      let next: IteratorResult<JsMsg>;
      try {
        next = await session.reader.next();
      } catch (error) {
        return error;
      }
      if (next.done) return undefined;
      if (this.stopped) {
        await this.release();
        next.value.nak();
        return undefined;
      }
      yield new JetStreamDelivery(next.value, this.spec.stream, this.termWithReason, this.deps.acks);
    }
  }

  private async open(): Promise<Session> {
    const consumer = await this.deps.js.consumers.get(this.spec.stream, this.spec.durable);
    const messages = await consumer.consume({ max_messages: Math.max(1, Math.min(this.deps.pullBatch, this.spec.maxAckPending)) });
    void this.watch(messages);
    return { consumer, messages, reader: messages[Symbol.asyncIterator]() };
  }

  /** Logs what the client reports about the consumer; it recovers from all of these on its own. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    const fields = { stream: this.spec.stream, durable: this.spec.durable };
    try {
      for await (const status of await messages.status()) {
        if (status.type === ConsumerEvents.HeartbeatsMissed) {
          this.deps.logger.warn({ ...fields, missed: status.data }, `no heartbeat from ${this.where}; re-pulling`);
        } else if (status.type === ConsumerEvents.ConsumerNotFound || status.type === ConsumerEvents.ConsumerDeleted || status.type === ConsumerEvents.StreamNotFound) {
          this.deps.logger.error({ ...fields, event: status.type }, `${this.where} is gone (${status.type}); waiting for it to be provisioned again (restart the app or call ensureConsumer)`);
          // The client would only notice a re-created consumer after missed heartbeats (30 s or
          // more); ending the session makes run() look for it with its own, quicker backoff.
          void messages.close().catch(() => undefined);
        } else if (status.type === ConsumerEvents.NoResponders) {
          this.deps.logger.warn(fields, `JetStream does not answer for ${this.where}; retrying`);
        }
      }
    } catch {
      // The status feed ends with its messages; nothing to report.
    }
  }

  /**
   * Closes the current session and nak's what it pulled but the reader never took. Memoized: stop(),
   * the end of iteration and a late read all share one release.
   */
  private release(): Promise<void> {
    this.releasing ??= this.releaseSession(this.session).finally(() => this.deps.onStopped());
    return this.releasing;
  }

  private async releaseSession(session: Session | undefined): Promise<void> {
    if (!session) return;
    // close() resolves only when the iterator reaches its end marker, so the reads below drive it.
    void session.messages.close().catch(() => undefined);
    const held: JsMsg[] = [];
    try {
      for (let next = await session.reader.next(); !next.done; next = await session.reader.next()) held.push(next.value);
    } catch {
      // The session ended on an error: it holds nothing more.
    }
    if (held.length === 0) return;
    // Nak only after the drain, which sends the pull requests the client had queued, and after a
    // consumer info, which makes the server drop pull requests whose inbox is closed: a 2.9 server
    // can hand a nak'ed message to such a request, where it waits out the whole ack wait.
    await session.consumer.info().catch(() => undefined);
    for (const msg of held) msg.nak();
    this.deps.logger.debug?.({ stream: this.spec.stream, durable: this.spec.durable, released: held.length }, 'released deliveries pulled but not read');
  }

  private checkConnection(cause: unknown): void {
    if (this.deps.nc.isClosed()) {
      throw new JetboxError('CONNECTION', `stopped reading ${this.where}: the connection to NATS is closed`, { cause });
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
