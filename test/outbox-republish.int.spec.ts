import 'reflect-metadata';
import { Event, Handles, Publishes, unitOfWork, type MessageContext } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { JetboxTestHarness, NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { runJetboxMigrations, typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { connect, type NatsConnection } from 'nats';
import { Column, Entity, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { deleteStreamsAndClose, scalar } from './support/outbox-checks';

/** One row per time the handler applied a message: no unique key, so a second application shows. */
@Entity('republish_effect')
class Effect {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'varchar', length: 36 })
  messageId!: string;
}

describe('republishing what the broker lost (MariaDB + NATS)', () => {
  const prefix = uniqueSubjectToken('republish');
  const stream = prefix.toUpperCase();
  const durable = 'republish-effects';

  @Event(`${prefix}.account.credited.v1`)
  class Credited {
    constructor(readonly accountId: string) {}
  }

  @injectable()
  class Accounts {
    @Publishes(Credited)
    async credit(accountId: string, ctx = unitOfWork<EntityManager>()): Promise<void> {
      ctx.publish(new Credited(accountId), { key: accountId });
    }
  }

  @injectable()
  class Effects {
    @Handles(Credited, { durable })
    async onCredited(_event: Credited, ctx: MessageContext<EntityManager>): Promise<void> {
      await ctx.manager.insert(Effect, { messageId: ctx.envelope.id });
    }
  }

  let db: TestDatabase;
  let nc: NatsConnection;
  let harness: JetboxTestHarness | undefined;

  const startApp = async () => {
    const container = new Container();
    container.bind(Accounts).toSelf().inSingletonScope();
    container.bind(Effects).toSelf().inSingletonScope();
    harness = await JetboxTestHarness.start({
      container,
      services: [Accounts, Effects],
      transport: nats({ servers: NATS_URL }),
      outbox: typeormOutbox({ dataSource: db.dataSource }),
      relay: { pollIntervalMs: 100 },
      streams: [{ name: stream, subjects: [`${prefix}.>`] }],
      deadLetter: { stream: `${stream}_DLQ`, subjectPrefix: `${prefix}-dlq` },
    });
    return container.get(Accounts);
  };
  const streamMessages = async () => (await (await nc.jetstreamManager()).streams.info(stream)).state.messages;
  const query = (sql: string) => db.dataSource.query(sql) as Promise<Array<Record<string, unknown>>>;

  let queued: number;
  let before: { effects: number; stream: number };
  let after: { effects: number; distinct: number; stream: number; duplicatesSkipped: number; unsent: number };

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    db = await createTestDatabase('mariadb', [Effect]);
    await runJetboxMigrations(db.dataSource);

    let accounts = await startApp();
    await accounts.credit('before-the-loss-window');
    await harness!.waitForHandled({ message: Credited });
    await waitFor(async () => (await scalar(query, 'SELECT COUNT(*) FROM jetbox_outbox WHERE sent_at IS NULL')) === 0, { description: 'the first record marked sent' });
    await waitFor(async () => Date.now() > (await db.dataSource.query('SELECT MAX(sent_at) AS t FROM jetbox_outbox'))[0].t.getTime() + 20, { description: 'a clock tick' });
    const since = new Date();
    for (let i = 0; i < 20; i++) await accounts.credit(`account-${i % 4}`);
    await harness!.waitForHandled({ message: Credited }, { count: 21 });
    before = { effects: await scalar(query, 'SELECT COUNT(*) FROM republish_effect'), stream: await streamMessages() };

    // The broker loses the stream (and with it the consumer): what a lost disk or a reset does.
    await harness!.stop();
    await (await nc.jetstreamManager()).streams.delete(stream);
    accounts = await startApp();
    queued = await harness!.app.republishSince(since);
    await harness!.waitForHandled({ message: Credited }, { count: 20 });
    await waitFor(async () => (await scalar(query, 'SELECT COUNT(*) FROM jetbox_outbox WHERE sent_at IS NULL')) === 0, { description: 'the republished records marked sent' });
    after = {
      effects: await scalar(query, 'SELECT COUNT(*) FROM republish_effect'),
      distinct: await scalar(query, 'SELECT COUNT(DISTINCT messageId) FROM republish_effect'),
      stream: await streamMessages(),
      duplicatesSkipped: harness!.handled.filter((outcome) => outcome.duplicate === true).length,
      unsent: await scalar(query, 'SELECT COUNT(*) FROM jetbox_outbox WHERE sent_at IS NULL'),
    };
  }, 60_000);

  afterAll(async () => {
    await harness?.stop();
    await db?.drop();
    await deleteStreamsAndClose(nc, stream);
  });

  it('should have handled everything once before the loss', () => expect(before).toStrictEqual({ effects: 21, stream: 21 }));
  it('should queue again exactly the records sent since the given time', () => expect(queued).toBe(20));
  it('should put them back into the new stream, once each', () => expect(after.stream).toBe(20));
  it('should not apply any of them twice: the inbox skips every one', () =>
    expect({ effects: after.effects, distinct: after.distinct, duplicatesSkipped: after.duplicatesSkipped }).toStrictEqual({ effects: 21, distinct: 21, duplicatesSkipped: 20 }));
  it('should leave nothing unsent', () => expect(after.unsent).toBe(0));
  it('should refuse a time that is not a valid Date, saying what to pass', async () =>
    expect(harness!.app.republishSince(new Date('last tuesday'))).rejects.toThrow('republishSince() takes a valid Date (got Invalid Date): e.g. new Date(Date.now() - 10 * 60_000)'));
});
