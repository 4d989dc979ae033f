import { JetboxError } from '../errors';
import { exploreTopology } from '../explorer/metadata.explorer';
import type { PublisherDefinition, Topology } from '../explorer/topology';
import { defaultLogger, type Logger } from '../logging';
import { ConsumerRunner } from '../pipeline/consumer.runner';
import type { PublishOptions } from '../pipeline/publish-context';
import type { PublishReceipt, Transport } from '../ports';
import { JETBOX_DEFAULTS, type JetboxOptions, type ServiceClass } from './jetbox.options';
import { validateAppOptions } from './jetbox.options.validate';
import { MessagePublisher } from './message.publisher';
import { OutboxRelay } from '../outbox/outbox.relay';
import type { UnitOfWork } from '../pipeline/unit-of-work';
import { runUnitOfWork } from './run-unit-of-work';
import type { OutboxBacklog, OutboxTransaction } from '../ports';
import { wrapPublishingMethods, type OutboxBinding } from './publishing-methods';

/** Records `republishSince()` queues again per statement: small enough not to hold locks for long. */
const REPUBLISH_CHUNK = 1_000;

/** Where an app is in its life. */
export type JetboxState = 'created' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * A Jetbox application: services from the container, wired to a transport by their decorators.
 *
 * `create()` checks everything and connects to nothing; `start()` connects, provisions streams and
 * consumers, and starts handling; `stop()` drains. A failed `start()` leaves nothing running.
 */
export class Jetbox {
  private stateValue: JetboxState = 'created';
  private readonly runners: ConsumerRunner[] = [];
  private readonly logger: Logger;
  private readonly publisher: MessagePublisher;
  private readonly transport: Transport;
  private readonly relay?: OutboxRelay;
  private readonly publishersByService = new Map<ServiceClass, PublisherDefinition[]>();
  private readonly outbox?: OutboxBinding;

  private constructor(
    private readonly options: JetboxOptions,
    /** What the decorators declared, as checked at create. */
    readonly topology: Topology,
  ) {
    this.transport = options.transport;
    for (const p of topology.publishers) (this.publishersByService.get(p.service) ?? this.publishersByService.set(p.service, []).get(p.service)!).push(p);
    this.logger = options.logger ?? defaultLogger(options.name ?? JETBOX_DEFAULTS.name);
    this.publisher = new MessagePublisher(this.transport, options.name ?? JETBOX_DEFAULTS.name, [...topology.streams, topology.deadLetterStream]);
    if (options.outbox) {
      if (options.relay?.enabled !== false) this.relay = new OutboxRelay(options.outbox, this.transport, this.logger, options.relay);
      this.outbox = { store: options.outbox, afterCommit: () => this.relay?.wake() };
    }
    for (const [service, definitions] of this.publishersByService) {
      options.container.onActivation(service, (_context, instance: object) => {
        wrapPublishingMethods(instance, definitions, this.publisher, this.outbox);
        return instance;
      });
    }
  }

  /**
   * Reads and checks the services' decorators, the options and the streams. Throws a `ConfigError`
   * listing every problem; connects to nothing. Create the app before resolving any service that
   * has `@Publishes` methods from the container.
   */
  static async create(options: JetboxOptions): Promise<Jetbox> {
    validateAppOptions(options);
    return new Jetbox(options, exploreTopology(options));
  }

  get state(): JetboxState {
    return this.stateValue;
  }

  /** Which transport the app runs on, for the start-up line: `NATS JetStream at nats://…`. */
  describe(): string {
    const outbox = this.options.outbox ? ` with an outbox in ${this.options.outbox.describe()}` : '';
    return `${this.transport.describe()}${outbox}`;
  }

  /**
   * Connects, creates or updates the streams (and the dead-letter stream) and the durable consumers,
   * then starts a runner per handler. Rejects (and closes the transport) if any step fails.
   */
  async start(): Promise<void> {
    if (this.stateValue !== 'created') throw new JetboxError('CONFIG', `start() was called on an app that is ${this.stateValue}; create a new app`);
    this.stateValue = 'starting';
    try {
      await this.transport.connect();
      for (const stream of [...this.topology.streams, this.topology.deadLetterStream]) await this.transport.ensureStream(stream);
      const consume = this.options.consume ?? true;
      if (consume) for (const handler of this.topology.handlers) await this.transport.ensureConsumer(handler.consumer);
      const instances = new Map<ServiceClass, object>();
      for (const [service, definitions] of this.publishersByService) {
        const instance = this.options.container.get<object>(service);
        wrapPublishingMethods(instance, definitions, this.publisher, this.outbox);
        instances.set(service, instance);
      }
      if (consume) {
        for (const handler of this.topology.handlers) {
          const instance = instances.get(handler.service) ?? this.options.container.get<object>(handler.service);
          instances.set(handler.service, instance);
          this.runners.push(
            new ConsumerRunner(handler, instance, {
              transport: this.transport,
              publisher: this.publisher,
              deadLetterSubjectPrefix: this.topology.deadLetterSubjectPrefix,
              middleware: this.options.middleware ?? [],
              hooks: this.options.hooks ?? {},
              logger: this.logger,
              isPermanentError: this.options.isPermanentError,
              outbox: this.options.outbox,
              onOutboxWrite: () => this.relay?.wake(),
            }),
          );
        }
        this.runners.forEach((r) => r.start());
      }
      this.relay?.start();
      this.stateValue = 'started';
      this.logger.info(
        { transport: this.transport.kind, outbox: this.options.outbox?.describe(), relay: this.relay !== undefined, handlers: this.runners.length, streams: this.topology.streams.map((s) => s.name) },
        `jetbox started on ${this.describe()}`,
      );
    } catch (error) {
      this.stateValue = 'stopped';
      await Promise.all(this.runners.map((r) => r.stop(0))).catch(() => undefined);
      await this.transport.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Publishes one message now, outside any unit of work; resolves when the stream has stored it.
   * Validates against the message's schema first: an invalid message throws and nothing is sent.
   */
  publish(message: object, options?: PublishOptions): Promise<PublishReceipt> {
    if (this.stateValue !== 'started') {
      return Promise.reject(new JetboxError('NOT_STARTED', `cannot publish: the app is ${this.stateValue}; await app.start() first`));
    }
    return this.publisher.publish(message, options);
  }

  /**
   * Runs `work` in one database transaction with a unit of work: what it publishes is written to the
   * outbox in that transaction and sent once it commits. Needs an outbox. For a typed manager,
   * annotate the parameter: `app.transaction(async (uow: UnitOfWork<EntityManager>) => …)`.
   */
  transaction<M = unknown, T = unknown>(work: (uow: UnitOfWork<M>) => Promise<T>): Promise<T> {
    const outbox = this.requireOutbox('transaction()');
    return runUnitOfWork(outbox.store, this.publisher, this.publisher.guard('app.transaction()'), outbox.afterCommit, work as (uow: UnitOfWork) => Promise<T>);
  }

  /**
   * Writes `message` to the outbox through a transaction the caller owns (TypeORM: `{ manager }`
   * inside `dataSource.transaction(manager => …)`): sent if, and only if, that transaction commits.
   * The relay finds it on its next poll, or at once after `wakeRelay()` once committed.
   */
  async publishIn(transaction: OutboxTransaction, message: object, options: PublishOptions = {}): Promise<void> {
    const outbox = this.requireOutbox('publishIn()');
    await outbox.store.write(transaction, await this.publisher.prepareRecords([{ message, options }]));
  }

  /** What this instance's relay did since start (undefined without a relay): records sent, failed publishes, batches. */
  relayStats(): { readonly sent: number; readonly failed: number; readonly batches: number } | undefined {
    return this.relay ? { ...this.relay.stats } : undefined;
  }

  /** How many outbox records wait to be published, and the age of the oldest (ms). Needs an outbox. */
  outboxBacklog(): Promise<OutboxBacklog> {
    return this.requireOutbox('outboxBacklog()').store.backlog();
  }

  /**
   * Re-publishes every outbox record sent at or after `since` (and still kept: see the relay's
   * `retentionMs`), for when the broker lost acknowledged messages. The records become unsent and
   * due now, and this instance's relay (or any other) publishes them again, in id order, keys in
   * order, with their original ids: what the stream still holds is dropped as a duplicate within its
   * window, and idempotent handlers skip what they already handled. Resolves with how many records
   * were queued again. Needs an outbox.
   */
  async republishSince(since: Date): Promise<number> {
    const outbox = this.requireOutbox('republishSince()');
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) {
      throw new JetboxError('CONFIG', `republishSince() takes a valid Date (got ${String(since)}): e.g. new Date(Date.now() - 10 * 60_000)`);
    }
    const until = new Date();
    let total = 0;
    for (;;) {
      const queued = await outbox.store.resendSent(since, until, REPUBLISH_CHUNK);
      total += queued;
      if (queued > 0) this.relay?.wake();
      if (queued < REPUBLISH_CHUNK) break;
    }
    this.logger.info({ since: since.toISOString(), records: total }, 'outbox records sent since then are queued to be published again');
    return total;
  }

  /** Tells this instance's relay that records were committed; cheap. */
  wakeRelay(): void {
    this.relay?.wake();
  }

  private requireOutbox(what: string): OutboxBinding {
    if (!this.outbox) throw new JetboxError('CONFIG', `${what} writes to the outbox: configure one (outbox: typeormOutbox({ dataSource }))`);
    return this.outbox;
  }

  /**
   * Drains: stops pulling, waits up to `timeoutMs` (default `shutdownTimeoutMs`) for running handlers
   * to finish and settle their messages, releases any still running for redelivery, then closes the
   * transport. Safe to call twice.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.stateValue === 'stopped' || this.stateValue === 'stopping') return;
    this.stateValue = 'stopping';
    const timeoutMs = options.timeoutMs ?? this.options.shutdownTimeoutMs ?? JETBOX_DEFAULTS.shutdownTimeoutMs;
    try {
      await Promise.all(this.runners.map((r) => r.stop(timeoutMs)));
      await this.relay?.stop().catch((error: unknown) => this.logger.error({ err: error }, 'the outbox relay did not flush; unsent records stay in the outbox'));
    } finally {
      await this.transport.close();
      this.stateValue = 'stopped';
      this.logger.info({}, 'jetbox stopped');
    }
  }
}
