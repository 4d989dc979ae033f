import type { MessagePublisher } from '../app/message.publisher';
import { fromHeaders } from '../envelope';
import { HandlerTimeoutError, JetboxError, UnknownMessageTypeError } from '../errors';
import type { HandlerDefinition } from '../explorer/topology';
import type { Logger } from '../logging';
import { decodeMessage, getMessageMetadata } from '../messages';
import type { Delivery, OutboxStore, OutboxTransaction, Subscription, Transport } from '../ports';
import { retryDelayMs } from '../retry';
import { delay, Semaphore } from '../util';
import { deadLetterMessage, type DeadLetterReason } from './dead-letter';
import { DeliveryFlight } from './delivery.flight';
import { isPermanent } from './error.classifier';
import { composeMiddleware, type HandlerDescriptor, type HandlerInvocation, type HandlerMiddleware } from './handler.middleware';
import type { DeliveryOutcome, JetboxHooks } from './jetbox.hooks';
import { DeliveryContext } from './message.context';

/** What a runner needs from the app. */
export interface ConsumerRunnerDeps {
  readonly transport: Transport;
  readonly publisher: MessagePublisher;
  readonly deadLetterSubjectPrefix: string;
  readonly middleware: readonly HandlerMiddleware[];
  readonly hooks: JetboxHooks;
  readonly logger: Logger;
  readonly isPermanentError?: (error: unknown) => boolean;
  /** Needed by idempotent handlers: the inbox, and where their publishes are written. */
  readonly outbox?: OutboxStore;
  /** Called after a transaction wrote outbox records, so the relay publishes them at once. */
  readonly onOutboxWrite?: () => void;
}

const DEAD_LETTER_ATTEMPTS = 3;

/**
 * Runs one handler: reads its durable consumer with at most `concurrency` calls at once, and settles
 * each delivery — ack on success; nak with backoff on a retryable error (a timeout included);
 * dead-letter copy, then term, for a permanent error or after the last attempt. A delivery is never
 * termed without a stored dead-letter copy: if that copy cannot be stored, the delivery is nak'ed and
 * comes back. A handler's slot stays taken until its call really ends, even after its deadline.
 */
export class ConsumerRunner {
  private readonly slots: Semaphore;
  private readonly inFlight = new Set<DeliveryFlight>();
  private readonly descriptor: HandlerDescriptor;
  private readonly pipeline: (invocation: HandlerInvocation) => Promise<void>;
  private readonly check: (message: object) => void;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly definition: HandlerDefinition,
    instance: object,
    private readonly deps: ConsumerRunnerDeps,
  ) {
    this.slots = new Semaphore(definition.concurrency);
    this.descriptor = {
      service: definition.service.name,
      method: definition.method,
      durable: definition.durable,
      messageType: definition.metadata.type,
    };
    const method = (Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>)[definition.method]!;
    this.pipeline = composeMiddleware(deps.middleware, async (inv) => {
      await method.call(instance, inv.message, inv.context);
    });
    this.check = deps.publisher.guard(`${definition.service.name}.${definition.method}`, definition.publishes);
  }

  /** Deliveries being handled now, their calls included; never more than the handler's concurrency. */
  get running(): number {
    return this.inFlight.size;
  }

  /** Starts pulling and handling. */
  start(): void {
    this.subscription = this.deps.transport.subscribe(this.definition.consumer, { prefetch: this.definition.prefetch });
    this.loop = this.consume(this.subscription);
  }

  /**
   * Stops pulling, waits up to `timeoutMs` for running handlers to settle, then aborts the rest and
   * releases their messages for prompt redelivery (their later results are ignored).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    // The loop may be waiting for a slot that a running handler holds: wait for both under the deadline.
    const drained = Promise.all([this.loop, this.slots.idle()]).then(() => true);
    const finished = await Promise.race([drained, delay(timeoutMs).then(() => false)]);
    if (finished) return;
    const left = [...this.inFlight].filter((f) => f.settle());
    this.deps.logger.warn({ durable: this.definition.durable, handlers: left.length, timeoutMs }, 'handlers still running at the shutdown deadline; releasing their messages');
    await Promise.all(
      left.map(async (f) => {
        f.abort(new JetboxError('STOPPED', 'the app is stopping'));
        await f.delivery.nak(0).catch(() => undefined);
      }),
    );
  }

  private async consume(subscription: Subscription): Promise<void> {
    const iterator = subscription[Symbol.asyncIterator]();
    try {
      for (;;) {
        await this.slots.acquire();
        const next = await iterator.next();
        if (next.done) {
          this.slots.release();
          return;
        }
        if (this.stopping) {
          this.slots.release();
          await next.value.nak(0).catch(() => undefined);
          continue;
        }
        void this.handle(next.value).finally(() => this.slots.release());
      }
    } catch (error) {
      if (!this.stopping) this.deps.logger.error({ durable: this.definition.durable, err: error }, 'consumer stopped on an error');
    }
  }

  private async handle(delivery: Delivery): Promise<void> {
    const flight = new DeliveryFlight(delivery, fromHeaders(delivery.headers, delivery), performance.now());
    this.inFlight.add(flight);
    try {
      if (delivery.deliveryCount > this.definition.retry.maxDeliver) {
        const error = new JetboxError('HANDLER_TIMEOUT', `attempt ${delivery.deliveryCount - 1} of ${this.definition.retry.maxDeliver} never finished (the process stopped or the ack timed out)`);
        if (flight.settle()) await this.deadLetter(flight, 'max_deliver', error);
        return;
      }
      let duplicate = false;
      if (this.definition.idempotent) duplicate = await this.handleOnce(flight);
      else {
        const context = await this.invoke(flight);
        if (context.pending.length > 0 && !flight.settled) await this.deps.publisher.publishAll(context.pending, flight.envelope);
      }
      if (!flight.settle()) return;
      await delivery.ack();
      this.notify('onHandled', this.outcome(flight, duplicate ? { duplicate } : {}));
    } catch (error) {
      if (flight.settle()) await this.fail(flight, error);
    } finally {
      flight.clearDeadline();
      this.inFlight.delete(flight);
    }
  }

  /**
   * Exactly-once effect: in one transaction, records the message in the inbox (a message already
   * there is not handled again), runs the handler with the transaction, and writes what it
   * published to the outbox. A handler that outlived its deadline is rolled back: the delivery was
   * already released for a retry. Resolves true for a duplicate.
   */
  private async handleOnce(flight: DeliveryFlight): Promise<boolean> {
    const outbox = this.deps.outbox!;
    let wrote = false;
    let duplicate = false;
    await outbox.transaction(async (tx) => {
      if (!(await outbox.recordInbox(tx, this.definition.durable, flight.envelope.id))) {
        duplicate = true;
        return;
      }
      const context = await this.invoke(flight, tx);
      if (flight.settled) throw new HandlerTimeoutError(`${this.descriptor.service}.${this.descriptor.method} finished after its deadline; its transaction was rolled back`);
      if (context.pending.length > 0) {
        await outbox.write(tx, await this.deps.publisher.prepareRecords(context.pending, flight.envelope));
        wrote = true;
      }
    });
    if (wrote) this.deps.onOutboxWrite?.();
    return duplicate;
  }

  /** Decodes the message and runs the pipeline; a deadline that passes first fails the flight at once. */
  private async invoke(flight: DeliveryFlight, transaction?: OutboxTransaction): Promise<DeliveryContext> {
    const { delivery, envelope } = flight;
    const { metadata, timeoutMs } = this.definition;
    if (envelope.type !== metadata.type) {
      const known = getMessageMetadata(this.definition.message)?.type;
      throw new UnknownMessageTypeError(`${this.descriptor.service}.${this.descriptor.method} handles '${known}' but received ce-type '${envelope.type}' on '${delivery.subject}'`);
    }
    const message = await decodeMessage(delivery.data, this.definition.message, metadata);
    const expire = () => {
      if (!flight.settle()) return;
      const error = new HandlerTimeoutError(`${this.descriptor.service}.${this.descriptor.method} did not finish within ${timeoutMs} ms`);
      flight.abort(error);
      void this.fail(flight, error);
    };
    const context = new DeliveryContext(flight, delivery.subject, delivery.headers, delivery.deliveryCount, async () => {
      if (flight.settled) return;
      flight.armDeadline(timeoutMs, expire);
      await delivery.working();
    }, this.check, transaction);
    flight.armDeadline(timeoutMs, expire);
    await this.pipeline({ handler: this.descriptor, message, context });
    flight.clearDeadline();
    return context;
  }

  /** Settles a failed flight (already marked settled): retry with backoff, or dead-letter. */
  private async fail(flight: DeliveryFlight, error: unknown): Promise<void> {
    const { delivery, envelope } = flight;
    try {
      const permanent = isPermanent(error, this.deps.isPermanentError);
      if (permanent || delivery.deliveryCount >= this.definition.retry.maxDeliver) {
        await this.deadLetter(flight, permanent ? 'permanent' : 'max_deliver', error);
        return;
      }
      const retryDelay = retryDelayMs(this.definition.retry, delivery.deliveryCount);
      await delivery.nak(retryDelay);
      this.notify('onRetry', this.outcome(flight, { error, retryDelayMs: retryDelay }));
      this.deps.logger.warn({ ...this.descriptor, messageId: envelope.id, deliveryCount: delivery.deliveryCount, retryDelayMs: retryDelay, err: error }, 'handler failed; will retry');
    } catch (settleError) {
      this.deps.logger.error({ ...this.descriptor, messageId: envelope.id, err: settleError }, 'could not settle a delivery; the transport will redeliver it');
    }
  }

  /** Stores the dead-letter copy, then terms; if the copy cannot be stored, naks instead. */
  private async deadLetter(flight: DeliveryFlight, reason: DeadLetterReason, error: unknown): Promise<void> {
    const { delivery, envelope } = flight;
    const copy = deadLetterMessage(delivery, envelope, this.definition.durable, this.deps.deadLetterSubjectPrefix, reason, error);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.transport.publish(copy);
        break;
      } catch (publishError) {
        if (attempt >= DEAD_LETTER_ATTEMPTS) {
          await delivery.nak(retryDelayMs(this.definition.retry, delivery.deliveryCount));
          this.deps.logger.error({ ...this.descriptor, messageId: envelope.id, err: publishError }, 'could not store the dead-letter copy; the message was released for redelivery instead');
          return;
        }
        await delivery.working().catch(() => undefined);
        await delay(100 * attempt);
      }
    }
    await delivery.term(`dead-lettered (${reason})`);
    this.notify('onDeadLettered', this.outcome(flight, { error, reason }));
    this.deps.logger.warn({ ...this.descriptor, messageId: envelope.id, deliveryCount: delivery.deliveryCount, reason, err: error }, 'message dead-lettered');
  }

  private outcome(flight: DeliveryFlight, extra: Partial<DeliveryOutcome> = {}): DeliveryOutcome {
    return {
      handler: this.descriptor,
      messageId: flight.envelope.id,
      deliveryCount: flight.delivery.deliveryCount,
      durationMs: performance.now() - flight.startedAt,
      ...extra,
    };
  }

  private notify(hook: keyof JetboxHooks, outcome: DeliveryOutcome): void {
    try {
      this.deps.hooks[hook]?.(outcome);
    } catch (error) {
      this.deps.logger.error({ hook, err: error }, 'a hook threw; ignored');
    }
  }
}
