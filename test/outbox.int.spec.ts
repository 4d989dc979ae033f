import 'reflect-metadata';
import { DeadLetterHeaders, Event, Handles, Headers, newMessageId, Publishes, SchemaValidationError, toHeaders, unitOfWork, type Logger, type MessageContext } from '@jetbox/core';
import { z } from 'zod';
import { nats } from '@jetbox/nats';
import { JetboxTestHarness, NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { runJetboxMigrations, typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { deleteStreamsAndClose } from './support/outbox-checks';

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

  @Event(`${prefix}.account.audited.v1`, { schema: z.object({ accountId: z.string().min(1) }) })
  class Audited {
    constructor(readonly accountId: string) {}
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

    @Publishes(Audited)
    async auditBadly(accountId: string, ctx = unitOfWork<EntityManager>()): Promise<void> {
      await ctx.manager.increment(Account, { id: accountId }, 'balance', 1);
      ctx.publish(new Audited(''));
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
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (_f, message) => warnings.push(message), error: () => undefined };

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
      relay: { pollIntervalMs: 100, retryInitialDelayMs: 200 },
      streams: [{ name: stream, subjects: [`${prefix}.>`] }],
      deadLetter: { stream: `${stream}_DLQ`, subjectPrefix: `${prefix}-dlq` },
      logger,
    });
    accounts = container.get(Accounts);
    effects = container.get(Effects);
  });

  afterAll(async () => {
    await harness?.stop();
    await db?.drop();
    await deleteStreamsAndClose(nc, stream);
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

  describe('when a @Publishes method publishes a message that fails its schema', () => {
    let error: unknown;
    let rows: number;

    beforeAll(async () => {
      const before = Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM jetbox_outbox'))[0].n);
      error = await accounts.auditBadly('a-2').catch((e: unknown) => e);
      rows = Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM jetbox_outbox'))[0].n) - before;
    });

    it('should throw a SchemaValidationError naming the field', () => {
      expect([error instanceof SchemaValidationError, (error as SchemaValidationError).issues]).toStrictEqual([true, ['accountId: Too small: expected string to have >=1 characters']]);
    });

    it('should write nothing: no outbox row, and the method\'s own write rolled back', async () => {
      expect([rows, (await db.dataSource.getRepository(Account).findOneByOrFail({ id: 'a-2' })).balance]).toStrictEqual([0, 0]);
    });
  });

  describe('when an outbox row has a subject no stream accepts', () => {
    const badId = newMessageId();
    let goodId: string;
    let heldId: string;

    beforeAll(async () => {
      const store = typeormOutbox({ dataSource: db.dataSource });
      const subject = `nostream${prefix}.thing.happened.v1`;
      await store.transaction((tx) =>
        store.write(tx, [
          {
            id: badId,
            subject,
            headers: toHeaders({ id: badId, type: subject, source: 'elsewhere', time: new Date().toISOString(), correlationId: badId, key: 'shared' }),
            payload: new TextEncoder().encode('{}'),
            key: 'shared',
            availableAt: new Date(),
          },
        ]),
      );
      // A later row of the same key, valid: it must wait behind the bad one.
      await store.transaction((tx) => harness.app.publishIn(tx, new AccountCredited('held', 1), { key: 'shared' }));
      heldId = (await db.dataSource.query(`SELECT id FROM jetbox_outbox WHERE partition_key = 'shared' AND id <> '${badId}'`))[0].id;
      await accounts.credit('a-1', 5);
      harness.app.wakeRelay();
      const credited = await harness.waitForPublished(AccountCredited, { count: 2 });
      goodId = credited[1]!.envelope.id;
      await waitFor(async () => Number((await db.dataSource.query(`SELECT attempts FROM jetbox_outbox WHERE id = '${badId}'`))[0].attempts) >= 2, {
        description: 'the bad row retried',
      });
    });

    it('should retry it, recording the attempts and the error', async () => {
      const [row] = await db.dataSource.query(`SELECT sent_at, last_error FROM jetbox_outbox WHERE id = '${badId}'`);
      expect([row.sent_at, /no stream/.test(row.last_error)]).toStrictEqual([null, true]);
    });

    it('should report it in the log', () => {
      expect(warnings).toContain('outbox record not published; will retry');
    });

    it('should hold back the later rows of its key only', async () => {
      const sent = async (id: string) => (await db.dataSource.query(`SELECT sent_at FROM jetbox_outbox WHERE id = '${id}'`))[0].sent_at !== null;
      expect({ otherKey: await sent(goodId), sameKey: await sent(heldId) }).toStrictEqual({ otherKey: true, sameKey: false });
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
