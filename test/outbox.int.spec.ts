import 'reflect-metadata';
import { DeadLetterHeaders, Event, Handles, Headers, Publishes, silentLogger, toHeaders, unitOfWork, type MessageContext } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { JetboxTestHarness, NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { runJetboxMigrations, typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './support/databases';

@Entity('outbox_test_account')
class Account {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'int' })
  balance!: number;
}

@Entity('outbox_test_effect')
class Effect {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  accountId!: string;
}

function copyHeaders(record: Record<string, string>) {
  const h = natsHeaders();
  for (const [name, value] of Object.entries(record)) h.set(name, value);
  return h;
}

describe.each(['mariadb', 'sqlite'] as const)('the transactional outbox on %s with NATS', (kind) => {
  const prefix = uniqueSubjectToken(`outbox_${kind}`);

  @Event(`${prefix}.account.credited.v1`)
  class AccountCredited {
    constructor(
      readonly accountId: string,
      readonly amount: number,
    ) {}
  }

  @Event(`${prefix}.account.reminded.v1`)
  class Reminder {
    constructor(readonly accountId: string) {}
  }

  @injectable()
  class Accounts {
    @Publishes(AccountCredited, Reminder)
    async credit(accountId: string, amount: number, fail = false, ctx = unitOfWork<EntityManager>()): Promise<void> {
      await ctx.manager.increment(Account, { id: accountId }, 'balance', amount);
      ctx.publish(new AccountCredited(accountId, amount), { key: accountId });
      if (fail) throw new Error('the business rule said no');
    }

    @Publishes(Reminder)
    async remindLater(accountId: string, delayMs: number, ctx = unitOfWork<EntityManager>()): Promise<void> {
      ctx.publish(new Reminder(accountId), { delay: delayMs });
    }
  }

  @injectable()
  class Effects {
    readonly calls: string[] = [];
    readonly reminded = new Map<string, number>();

    @Handles(AccountCredited, { durable: 'effects-credited' })
    async onCredited(event: AccountCredited, ctx: MessageContext<EntityManager>): Promise<void> {
      this.calls.push(ctx.envelope.id);
      await ctx.manager.insert(Effect, { id: ctx.envelope.id, accountId: event.accountId });
    }

    @Handles(Reminder, { durable: 'effects-reminder' })
    async onReminder(reminder: Reminder): Promise<void> {
      this.reminded.set(reminder.accountId, Date.now());
    }
  }

  let db: TestDatabase;
  let harness: JetboxTestHarness;
  let accounts: Accounts;
  let effects: Effects;
  let nc: NatsConnection;
  const stream = prefix.toUpperCase();

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    db = await createTestDatabase(kind, [Account, Effect]);
    await runJetboxMigrations(db.dataSource);
    await db.dataSource.getRepository(Account).insert([
      { id: 'a-1', balance: 0 },
      { id: 'a-2', balance: 0 },
    ]);
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
      logger: silentLogger,
    });
    accounts = container.get(Accounts);
    effects = container.get(Effects);
  });

  afterAll(async () => {
    await harness?.stop();
    await db?.drop();
    if (nc) {
      const jsm = await nc.jetstreamManager();
      for (const s of [stream, `${stream}_DLQ`]) await jsm.streams.delete(s).catch(() => false);
      await nc.close();
    }
  });

  describe('when a @Publishes method commits', () => {
    beforeAll(async () => {
      await accounts.credit('a-1', 50);
      await harness.waitForHandled({ message: AccountCredited });
    });

    it('should commit the write', async () => {
      expect((await db.dataSource.getRepository(Account).findOneByOrFail({ id: 'a-1' })).balance).toBe(50);
    });

    it('should handle the message once, its effect written once', async () => {
      expect([effects.calls.length, await db.dataSource.getRepository(Effect).count()]).toStrictEqual([1, 1]);
    });
  });

  describe('when a @Publishes method rolls back', () => {
    let error: unknown;

    beforeAll(async () => {
      error = await accounts.credit('a-2', 70, true).catch((e: unknown) => e);
      // A bounded window in which a leaked message would have been relayed (poll 100 ms) and handled.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    });

    it('should pass the error on and leave the balance', async () => {
      expect([(error as Error).message, (await db.dataSource.getRepository(Account).findOneByOrFail({ id: 'a-2' })).balance]).toStrictEqual([
        'the business rule said no',
        0,
      ]);
    });

    it('should never publish the message', () => {
      expect(harness.published(AccountCredited).filter((m) => (m.payload as { accountId: string }).accountId === 'a-2')).toStrictEqual([]);
    });
  });

  describe('when the same message is delivered twice', () => {
    let duplicates: number;

    beforeAll(async () => {
      const [first] = harness.published(AccountCredited);
      // Another copy of an already handled message (same ce-id), past JetStream's dedupe (new msg id).
      const id = first!.envelope.id;
      await nc.jetstream().publish(first!.subject, new TextEncoder().encode(JSON.stringify(first!.payload)), {
        msgID: `${id}-again`,
        headers: copyHeaders(toHeaders(first!.envelope)),
      });
      const outcomes = await harness.waitForHandled({ message: AccountCredited, messageId: id }, { count: 2 });
      duplicates = outcomes.filter((o) => o.duplicate).length;
    });

    it('should ack the copy without running the handler again', () => {
      expect([duplicates, effects.calls.length]).toStrictEqual([1, 1]);
    });
  });

  describe('when a message is published with a delay', () => {
    let askedAt: number;

    beforeAll(async () => {
      askedAt = Date.now();
      await accounts.remindLater('a-1', 1_500);
      await waitFor(() => effects.reminded.has('a-1'), { timeoutMs: 10_000, description: 'the delayed reminder' });
    });

    it('should not arrive before its time', () => {
      expect(effects.reminded.get('a-1')! - askedAt).toBeGreaterThanOrEqual(1_500);
    });
  });

  describe('when nothing failed', () => {
    it('should dead-letter nothing', () => {
      expect(harness.deadLetters().map((d) => d.headers[DeadLetterHeaders.error])).toStrictEqual([]);
    });

    it('should keep one id end to end: the outbox row id is the ce-id', async () => {
      const [credited] = harness.published(AccountCredited);
      const rows: Array<{ id: string }> = await db.dataSource.query(`SELECT id FROM jetbox_outbox WHERE id = '${credited!.envelope.id}'`);
      expect([rows.length, credited!.headers[Headers.id]]).toStrictEqual([1, credited!.envelope.id]);
    });
  });
});
