import { fromHeaders, type EnvelopeAttributes } from '../envelope';
import { HandlerTimeoutError, JetboxError, PermanentError, UnknownMessageTypeError } from '../errors';
import type { HandlerDefinition } from '../explorer/topology';
import type { Logger } from '../logging';
import { decodeMessage, getMessageMetadata } from '../messages';
import type { Delivery, Subscription, Transport } from '../ports';
import { retryDelayMs } from '../retry';
import { delay, Semaphore } from '../util';
import { deadLetterMessage, type DeadLetterReason } from './dead-letter';
import { isPermanent } from './error.classifier';
import { composeMiddleware, type HandlerDescriptor, type HandlerInvocation, type HandlerMiddleware } from './handler.middleware';
import type { DeliveryOutcome, JetboxHooks } from './jetbox.hooks';
import { DeliveryContext } from './message.context';
import type { MessagePublisher } from '../app/message.publisher';

/** What a runner needs from the app. */
export interface ConsumerRunnerDeps {
  readonly transport: Transport;
  readonly publisher: MessagePublisher;
  readonly deadLetterSubjectPrefix: string;
  readonly middleware: readonly HandlerMiddleware[];
  readonly hooks: JetboxHooks;
  readonly logger: Logger;
  readonly isPermanentError?: (error: unknown) => boolean;
}

/** A delivery being handled: settled once, by the handler's outcome or by shutdown. */
interface InFlight {
  settled: boolean;
  /** The handler call, kept so its slot is held until it really ends, even after a timeout. */
  call?: Promise<void>;
  readonly delivery: Delivery;
  readonly abort: AbortController;
}

const DEAD_LETTER_ATTEMPTS = 3;

/**
 * Runs one handler: reads its durable consumer with at most `concurrency` calls at once, and settles
 * each delivery — ack on success; nak with backoff on a retryable error; dead-letter copy, then term,
 * for a permanent error or after the last attempt. A delivery is never termed without a stored
 * dead-letter copy: if that copy cannot be stored, the delivery is nak'ed and comes back.
 */
export class ConsumerRunner {
  private readonly slots: Semaphore;
  private readonly inFlight = new Set<InFlight>();
  private readonly descriptor: HandlerDescriptor;
  private readonly pipeline: (invocation: HandlerInvocation) => Promise<void>;
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
  }

  /** Handler calls running now; never more than the handler's concurrency. */
  get running(): number {
    return this.slots.inUse;
  }

  /** Starts pulling and handling. */
  start(): void {
    this.subscription = this.deps.transport.subscribe(this.definition.consumer);
    this.loop = this.consume(this.subscription);
  }

  /**
   * Stops pulling, waits up to `timeoutMs` for running handlers to settle, then aborts the rest and
   * releases their messages for prompt redelivery (their later results are ignored).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.loop;
    const finished = await Promise.race([this.slots.idle().then(() => true), delay(timeoutMs).then(() => false)]);
    if (finished) return;
    const left = [...this.inFlight].filter((f) => !f.settled);
    this.deps.logger.warn({ durable: this.definition.durable, handlers: left.length, timeoutMs }, 'handlers still running at the shutdown deadline; releasing their messages');
    await Promise.all(
      left.map(async (f) => {
        f.settled = true;
        f.abort.abort(new JetboxError('STOPPED', 'the app is stopping'));
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
    const started = performance.now();
    const envelope = fromHeaders(delivery.headers, delivery);
    const flight: InFlight = { settled: false, delivery, abort: new AbortController() };
    this.inFlight.add(flight);
    const outcome = (extra: Partial<DeliveryOutcome> = {}): DeliveryOutcome => ({
      handler: this.descriptor,
      messageId: envelope.id,
      deliveryCount: delivery.deliveryCount,
      durationMs: performance.now() - started,
      ...extra,
    });
    try {
      if (delivery.deliveryCount > this.definition.retry.maxDeliver) {
        const error = new JetboxError('HANDLER_TIMEOUT', `attempt ${delivery.deliveryCount - 1} of ${this.definition.retry.maxDeliver} never finished (the process stopped or the ack timed out)`);
        await this.deadLetter(flight, envelope, 'max_deliver', error, outcome);
        return;
      }
      try {
        await this.invoke(flight, envelope);
      } catch (error) {
        if (flight.settled) return;
        const permanent = isPermanent(error, this.deps.isPermanentError);
        if (permanent || delivery.deliveryCount >= this.definition.retry.maxDeliver) {
          await this.deadLetter(flight, envelope, permanent ? 'permanent' : 'max_deliver', error, outcome);
        } else {
          const retryDelay = retryDelayMs(this.definition.retry, delivery.deliveryCount);
          flight.settled = true;
          await delivery.nak(retryDelay);
          this.notify('onRetry', outcome({ error, retryDelayMs: retryDelay }));
          this.deps.logger.warn({ ...this.descriptor, messageId: envelope.id, deliveryCount: delivery.deliveryCount, retryDelayMs: retryDelay, err: error }, 'handler failed; will retry');
        }
        return;
      }
      if (flight.settled) return;
      flight.settled = true;
      await delivery.ack();
      this.notify('onHandled', outcome());
    } catch (error) {
      this.deps.logger.error({ ...this.descriptor, messageId: envelope.id, err: error }, 'could not settle a delivery; the transport will redeliver it');
    } finally {
      this.inFlight.delete(flight);
      await flight.call?.catch(() => undefined);
    }
  }

  /** Decodes, runs the pipeline under the deadline, then sends what the handler published. */
  private async invoke(flight: InFlight, envelope: EnvelopeAttributes): Promise<void> {
    const { delivery } = flight;
    const { metadata } = this.definition;
    if (envelope.type !== metadata.type) {
      const known = getMessageMetadata(this.definition.message)?.type;
      throw new UnknownMessageTypeError(`${this.descriptor.service}.${this.descriptor.method} handles '${known}' but received ce-type '${envelope.type}' on '${delivery.subject}'`);
    }
    const message = await decodeMessage(delivery.data, this.definition.message, metadata);
    let timer: NodeJS.Timeout | undefined;
    let rejectTimeout: (error: Error) => void = () => undefined;
    const timedOut = new Promise<never>((_, reject) => (rejectTimeout = reject));
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const error = new HandlerTimeoutError(`${this.descriptor.service}.${this.descriptor.method} did not finish within ${this.definition.timeoutMs} ms`);
        flight.abort.abort(error);
        rejectTimeout(error);
      }, this.definition.timeoutMs);
    };
    const context = new DeliveryContext(
      envelope,
      delivery.subject,
      delivery.headers,
      delivery.deliveryCount,
      flight.abort.signal,
      async () => {
        arm();
        await delivery.working();
      },
      (m) => this.checkPublish(m),
    );
    arm();
    const run = this.pipeline({ handler: this.descriptor, message, context });
    flight.call = run;
    try {
      await Promise.race([run, timedOut]);
    } finally {
      clearTimeout(timer);
    }
    if (context.pending.length > 0) await this.deps.publisher.publishAll(context.pending, envelope);
  }

  private checkPublish(message: object): void {
    const metadata = this.deps.publisher.metadataOf(message);
    const allowed = this.definition.publishes;
    if (allowed && !allowed.some((cls) => getMessageMetadata(cls)?.type === metadata.type)) {
      throw new PermanentError(`${this.descriptor.service}.${this.descriptor.method} published '${metadata.type}', which its @Publishes does not list; add it there`);
    }
  }

  private async deadLetter(
    flight: InFlight,
    envelope: EnvelopeAttributes,
    reason: DeadLetterReason,
    error: unknown,
    outcome: (extra?: Partial<DeliveryOutcome>) => DeliveryOutcome,
  ): Promise<void> {
    const { delivery } = flight;
    const copy = deadLetterMessage(delivery, envelope, this.definition.durable, this.deps.deadLetterSubjectPrefix, reason, error);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.transport.publish(copy);
        break;
      } catch (publishError) {
        if (attempt >= DEAD_LETTER_ATTEMPTS) {
          flight.settled = true;
          const retryDelay = retryDelayMs(this.definition.retry, delivery.deliveryCount);
          await delivery.nak(retryDelay);
          this.deps.logger.error({ ...this.descriptor, messageId: envelope.id, err: publishError }, 'could not store the dead-letter copy; the message was released for redelivery instead');
          return;
        }
        await delivery.working().catch(() => undefined);
        await delay(100 * attempt);
      }
    }
    flight.settled = true;
    await delivery.term(`dead-lettered (${reason})`);
    this.notify('onDeadLettered', outcome({ error, reason }));
    this.deps.logger.warn({ ...this.descriptor, messageId: envelope.id, deliveryCount: delivery.deliveryCount, reason, err: error }, 'message dead-lettered');
  }

  private notify(hook: keyof JetboxHooks, outcome: DeliveryOutcome): void {
    try {
      this.deps.hooks[hook]?.(outcome);
    } catch (error) {
      this.deps.logger.error({ hook, err: error }, 'a hook threw; ignored');
    }
  }
}
