/**
 * A Jetbox app run as a child process by the crash tests. It credits accounts through the outbox
 * and applies each `AccountCredited` once (idempotent handler writing an effect row). With CRASH_AT
 * it stops dead at one crash point, says so on stdout, and waits to be killed:
 * - `after-commit`: relay off; credit, commit, print COMMITTED.
 * - `after-publish`: the first message the relay publishes is stored by NATS, then PUBLISHED is
 *   printed and the relay never marks it sent.
 * - `before-ack`: the handler's transaction commits, then ACKING is printed and the ack never sent.
 * Without CRASH_AT it runs until SIGTERM, then drains and exits 0.
 */
import 'reflect-metadata';
import {
  Event,
  Handles,
  Jetbox,
  Publishes,
  silentLogger,
  unitOfWork,
  type ConsumerSpec,
  type Delivery,
  type MessageContext,
  type OutgoingMessage,
  type PublishReceipt,
  type SubscribeOptions,
  type Subscription,
  type Transport,
} from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { DataSource, type EntityManager } from 'typeorm';

const { PREFIX, DATABASE, NATS_URL, CRASH_AT, CREDITS } = process.env as Record<string, string>;
const forever = new Promise<never>(() => undefined);
const say = (line: string) => process.stdout.write(`${line}\n`);

@Event(`${PREFIX}.account.credited.v1`)
class AccountCredited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

@injectable()
class Accounts {
  @Publishes(AccountCredited)
  async credit(accountId: string, amount: number, ctx = unitOfWork<EntityManager>()): Promise<void> {
    await ctx.manager.query('UPDATE crash_account SET balance = balance + ? WHERE id = ?', [amount, accountId]);
    ctx.publish(new AccountCredited(accountId, amount), { key: accountId });
  }

  @Handles(AccountCredited, { durable: 'crash-effects', timeoutMs: 1_000, retry: { maxDeliver: 20, initialDelayMs: 200, maxDelayMs: 1_000 } })
  async onCredited(event: AccountCredited, ctx: MessageContext<EntityManager>): Promise<void> {
    await ctx.manager.query('INSERT INTO crash_effect (message_id, account_id, amount) VALUES (?, ?, ?)', [ctx.envelope.id, event.accountId, event.amount]);
  }
}

/** Passes everything through, except at the crash point. */
class CrashingTransport implements Transport {
  constructor(private readonly inner: Transport) {}
  get kind() {
    return this.inner.kind;
  }
  describe = () => this.inner.describe();
  connect = () => this.inner.connect();
  ensureStream = (spec: Parameters<Transport['ensureStream']>[0]) => this.inner.ensureStream(spec);
  ensureConsumer = (spec: ConsumerSpec) => this.inner.ensureConsumer(spec);
  isHealthy = () => this.inner.isHealthy();
  close = () => this.inner.close();

  async publish(message: OutgoingMessage): Promise<PublishReceipt> {
    const receipt = await this.inner.publish(message);
    if (CRASH_AT === 'after-publish' && message.subject === `${PREFIX}.account.credited.v1`) {
      say(`PUBLISHED ${message.msgId}`);
      return forever;
    }
    return receipt;
  }

  subscribe(spec: ConsumerSpec, options?: SubscribeOptions): Subscription {
    const inner = this.inner.subscribe(spec, options);
    if (CRASH_AT !== 'before-ack') return inner;
    return {
      stop: () => inner.stop(),
      async *[Symbol.asyncIterator]() {
        for await (const delivery of inner) {
          yield {
            stream: delivery.stream,
            subject: delivery.subject,
            headers: delivery.headers,
            data: delivery.data,
            deliveryCount: delivery.deliveryCount,
            streamSequence: delivery.streamSequence,
            nak: (ms: number) => delivery.nak(ms),
            term: (reason: string) => delivery.term(reason),
            working: () => delivery.working(),
            ack: async () => {
              say('ACKING');
              return forever;
            },
          } satisfies Delivery;
        }
      },
    };
  }
}

async function main(): Promise<void> {
  const dataSource = new DataSource({ type: 'mariadb', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: DATABASE });
  await dataSource.initialize();
  const container = new Container();
  container.bind(Accounts).toSelf().inSingletonScope();
  const app = await Jetbox.create({
    name: 'crash-app',
    container,
    services: [Accounts],
    transport: new CrashingTransport(nats({ servers: NATS_URL })),
    outbox: typeormOutbox({ dataSource }),
    relay: { enabled: CRASH_AT !== 'after-commit', pollIntervalMs: 100 },
    consume: CRASH_AT !== 'after-commit' && CRASH_AT !== 'after-publish',
    streams: [{ name: PREFIX.toUpperCase(), subjects: [`${PREFIX}.>`] }],
    deadLetter: { stream: `${PREFIX.toUpperCase()}_DLQ`, subjectPrefix: `${PREFIX}-dlq` },
    logger: silentLogger,
    shutdownTimeoutMs: 5_000,
  });
  await app.start();
  say('READY');
  const accounts = container.get(Accounts);
  for (const credit of (CREDITS ?? '').split(',').filter(Boolean)) {
    const [accountId, amount] = credit.split(':');
    await accounts.credit(accountId!, Number(amount));
  }
  if (CRASH_AT === 'after-commit') say('COMMITTED');
  process.once('SIGTERM', () => {
    app.stop().then(
      () => dataSource.destroy().then(() => process.exit(0)),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
