import {
  DeadLetterHeaders,
  getMessageMetadata,
  Jetbox,
  memoryTransport,
  silentLogger,
  type DeliveryOutcome,
  type JetboxOptions,
  type MessageClass,
  type PublishOptions,
  type PublishReceipt,
  type Transport,
} from '@jetbox/core';
import { RecordingTransport, type RecordedMessage } from './recording.transport';
import { waitFor } from './wait-for';

/** Options of {@link JetboxTestHarness.start}: those of `Jetbox.create`, with the transport optional. */
export type TestHarnessOptions = Omit<JetboxOptions, 'transport'> & {
  /** Default: a fresh in-memory transport. Pass `nats(...)` to run the same test against NATS. */
  readonly transport?: Transport;
};

/** Which messages to wait for; every field given must match. */
export interface MessageFilter {
  /** The message class (its type) or the type string. */
  readonly message?: MessageClass | string;
  /** The handler's durable name. */
  readonly durable?: string;
  readonly messageId?: string;
}

const typeOf = (m: MessageClass | string | undefined) => (typeof m === 'string' || m === undefined ? m : getMessageMetadata(m)?.type);

/**
 * A started app with everything it does recorded, for tests of a few lines:
 * ```ts
 * const harness = await JetboxTestHarness.start({ container, services: [Greeter], streams });
 * await harness.publish(new Greeted('Ada'));
 * await harness.waitForHandled({ message: Greeted });
 * expect(harness.published(Thanked)).toHaveLength(1);
 * await harness.stop();
 * ```
 */
export class JetboxTestHarness {
  private constructor(
    readonly app: Jetbox,
    private readonly recorder: RecordingTransport,
    /** Every delivery handled successfully, in order. */
    readonly handled: DeliveryOutcome[],
    /** Every delivery that failed and will be retried. */
    readonly retried: DeliveryOutcome[],
    /** Every delivery dead-lettered. */
    readonly deadLettered: DeliveryOutcome[],
  ) {}

  /** Creates and starts the app. Hooks given in `options` are still called. */
  static async start(options: TestHarnessOptions): Promise<JetboxTestHarness> {
    const recorder = new RecordingTransport(options.transport ?? memoryTransport());
    const handled: DeliveryOutcome[] = [];
    const retried: DeliveryOutcome[] = [];
    const deadLettered: DeliveryOutcome[] = [];
    const app = await Jetbox.create({
      logger: silentLogger,
      ...options,
      transport: recorder,
      hooks: {
        onHandled: (o) => {
          handled.push(o);
          options.hooks?.onHandled?.(o);
        },
        onRetry: (o) => {
          retried.push(o);
          options.hooks?.onRetry?.(o);
        },
        onDeadLettered: (o) => {
          deadLettered.push(o);
          options.hooks?.onDeadLettered?.(o);
        },
      },
    });
    const harness = new JetboxTestHarness(app, recorder, handled, retried, deadLettered);
    await app.start();
    return harness;
  }

  /** Publishes through the app (validated, enveloped, stored). */
  publish(message: object, options?: PublishOptions): Promise<PublishReceipt> {
    return this.app.publish(message, options);
  }

  /** Messages stored so far, of one class (or type) or all of them; dead letters excluded. */
  published(message?: MessageClass | string): RecordedMessage[] {
    const type = typeOf(message);
    return this.recorder.messages.filter((m) => m.headers[DeadLetterHeaders.reason] === undefined && (type === undefined || m.envelope.type === type));
  }

  /** Dead-letter copies stored so far, with the error in `headers['jetbox-dlq-error']`. */
  deadLetters(): RecordedMessage[] {
    return this.recorder.messages.filter((m) => m.headers[DeadLetterHeaders.reason] !== undefined);
  }

  /** Waits until `count` (default 1) handled deliveries match; returns them. */
  waitForHandled(filter: MessageFilter = {}, options: { count?: number; timeoutMs?: number } = {}): Promise<DeliveryOutcome[]> {
    return this.waitForOutcomes(this.handled, 'handled', filter, options);
  }

  /** Waits until `count` (default 1) dead-lettered deliveries match; returns them. */
  waitForDeadLettered(filter: MessageFilter = {}, options: { count?: number; timeoutMs?: number } = {}): Promise<DeliveryOutcome[]> {
    return this.waitForOutcomes(this.deadLettered, 'dead-lettered', filter, options);
  }

  /** Waits until `count` (default 1) messages of this class or type have been stored; returns them. */
  async waitForPublished(message: MessageClass | string, options: { count?: number; timeoutMs?: number } = {}): Promise<RecordedMessage[]> {
    const count = options.count ?? 1;
    return waitFor(() => (this.published(message).length >= count ? this.published(message) : undefined), {
      timeoutMs: options.timeoutMs,
      description: `${count} published '${typeOf(message)}'`,
    });
  }

  /** Stops the app (drains). */
  stop(options?: { timeoutMs?: number }): Promise<void> {
    return this.app.stop(options);
  }

  private waitForOutcomes(
    list: readonly DeliveryOutcome[],
    what: string,
    filter: MessageFilter,
    options: { count?: number; timeoutMs?: number },
  ): Promise<DeliveryOutcome[]> {
    const type = typeOf(filter.message);
    const matches = () =>
      list.filter(
        (o) =>
          (type === undefined || o.handler.messageType === type) &&
          (filter.durable === undefined || o.handler.durable === filter.durable) &&
          (filter.messageId === undefined || o.messageId === filter.messageId),
      );
    const count = options.count ?? 1;
    return waitFor(() => (matches().length >= count ? matches() : undefined), {
      timeoutMs: options.timeoutMs,
      description: `${count} ${what} deliveries matching ${JSON.stringify({ ...filter, message: type })}`,
    });
  }
}
