import { JetboxError, type ConsumerSpec, type Delivery, type Subscription } from '@jetbox/core';
import { ConsumerEvents, type JetStreamClient, type JsMsg, type NatsConnection } from 'nats';
import type { AckBatcher } from './ack.batcher';
import { JetStreamDelivery, supportsTermReason } from './jetstream.delivery';
import type { NatsTransportLogger } from './nats.options';
import { causeText } from './nats-error.translate';
import { PullSession, type Defer } from './pull.session';

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

/** Waits before re-opening after a failure: quick at first, then every 30 s. */
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Reads a durable pull consumer with `consume()`, through a {@link PullSession}: a message already
 * pulled is handed out with no further waiting. A pull is sent only when the reader has taken what
 * the previous one brought, so at most `min(pullBatch, maxAckPending)` messages wait unread.
 * Network blips and server restarts are handled by the client (heartbeats, reconnect, re-pull); if
 * the consumer cannot be read (deleted, stream gone, no JetStream), it is re-opened with backoff, and
 * the iterator keeps waiting rather than ending. The iterator ends after `stop()`, after `break`, or
 * with a `CONNECTION` error once the connection has closed for good.
 */
export class JetStreamSubscription implements Subscription {
  private stopped = false;
  private finished = false;
  private failure?: unknown;
  private failures = 0;
  private iterated = false;
  private session?: PullSession;
  private reading?: Promise<IteratorResult<Delivery>>;
  private releasing?: Promise<void>;
  private wake?: () => void;
  private readonly termWithReason: boolean;
  private readonly maxMessages: number;
  private readonly defer: Defer;

  constructor(
    private readonly spec: ConsumerSpec,
    private readonly deps: SubscriptionDeps,
  ) {
    this.termWithReason = supportsTermReason(deps.nc.info?.version);
    this.maxMessages = Math.max(1, Math.min(deps.pullBatch, spec.maxAckPending));
    this.defer = (action, onError) => deps.acks.defer(action, onError);
  }

  /** The deliveries, in the order the consumer hands them out. A subscription can be read once. */
  [Symbol.asyncIterator](): AsyncIterator<Delivery> {
    if (this.iterated) {
      throw new JetboxError('TRANSPORT', `the subscription to ${this.where} is already being read; call subscribe() again for another reader`);
    }
    this.iterated = true;
    return { next: () => this.next(), return: () => this.return() };
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

  /** A message already waiting is handed out at once; otherwise {@link read} waits for one. */
  private next(): Promise<IteratorResult<Delivery>> {
    if (this.reading) return this.reading.then(() => this.next(), () => this.next());
    if (!this.stopped) {
      const msg = this.session?.take();
      if (msg) return Promise.resolve({ done: false, value: this.deliver(msg) });
    }
    const reading = this.read().finally(() => (this.reading = undefined));
    this.reading = reading;
    return reading;
  }

  private async return(): Promise<IteratorResult<Delivery>> {
    await this.stop();
    this.finished = true;
    return { done: true, value: undefined };
  }

  private async read(): Promise<IteratorResult<Delivery>> {
    try {
      while (!this.stopped) {
        const session = this.session;
        if (!session) {
          await this.open();
          continue;
        }
        const msg = session.take();
        if (msg) return { done: false, value: this.deliver(msg) };
        if (session.ended) await this.reopen(session);
        else await session.wait();
      }
    } catch (error) {
      this.failure ??= error;
    }
    this.stopped = true;
    await this.release();
    if (this.failure !== undefined && !this.finished) {
      this.finished = true;
      throw this.failure;
    }
    this.finished = true;
    return { done: true, value: undefined };
  }

  private deliver(msg: JsMsg): Delivery {
    return new JetStreamDelivery(msg, this.spec.stream, this.termWithReason, this.deps.acks);
  }

  private async open(): Promise<void> {
    let session: PullSession;
    try {
      session = await PullSession.open(this.deps.js, this.spec.stream, this.spec.durable, this.maxMessages, this.defer);
    } catch (error) {
      if (this.stopped) return;
      this.checkConnection(error);
      this.deps.logger.warn({ stream: this.spec.stream, durable: this.spec.durable, err: error }, `cannot read ${this.where} (${causeText(error)}); retrying`);
      await this.pause(RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!);
      return;
    }
    if (this.stopped) {
      // Never read, so its first pull was never sent: nothing to release.
      session.close();
      return;
    }
    this.session = session;
    this.failures = 0;
    void this.watch(session);
  }

  /** The session ended on its own: the consumer is looked for again after a pause. */
  private async reopen(session: PullSession): Promise<void> {
    this.session = undefined;
    const ended = session.failure;
    this.checkConnection(ended);
    this.deps.logger.warn({ stream: this.spec.stream, durable: this.spec.durable, err: ended }, `reading ${this.where} ended (${ended ? causeText(ended) : 'no error'}); re-opening`);
    await this.pause(RETRY_MS[0]!);
  }

  /** Logs what the client reports about the consumer; it recovers from all of these on its own. */
  private async watch(session: PullSession): Promise<void> {
    const fields = { stream: this.spec.stream, durable: this.spec.durable };
    try {
      for await (const status of await session.messages.status()) {
        if (status.type === ConsumerEvents.HeartbeatsMissed) {
          this.deps.logger.warn({ ...fields, missed: status.data }, `no heartbeat from ${this.where}; re-pulling`);
        } else if (status.type === ConsumerEvents.ConsumerNotFound || status.type === ConsumerEvents.ConsumerDeleted || status.type === ConsumerEvents.StreamNotFound) {
          this.deps.logger.error({ ...fields, event: status.type }, `${this.where} is gone (${status.type}); waiting for it to be provisioned again (restart the app or call ensureConsumer)`);
          // The client would only notice a re-created consumer after missed heartbeats (30 s or
          // more); ending the session makes read() look for it with its own, quicker backoff.
          session.close();
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
   * the end of iteration and `return()` all share one release.
   */
  private release(): Promise<void> {
    this.releasing ??= this.releaseSession(this.session).finally(() => this.deps.onStopped());
    return this.releasing;
  }

  private async releaseSession(session: PullSession | undefined): Promise<void> {
    if (!session) return;
    session.close();
    // Taking hands on what the client queued (the pull requests, then its stop), as its iterator would.
    const held: JsMsg[] = [];
    for (;;) {
      const msg = session.take();
      if (msg) held.push(msg);
      else if (session.ended) break;
      else await session.wait();
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
