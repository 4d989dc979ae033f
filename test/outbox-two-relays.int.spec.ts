import 'reflect-metadata';
import { Event, Handles, newMessageId, silentLogger, toHeaders, type MessageContext } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { JetboxTestHarness, NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { runJetboxMigrations, typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { connect, type NatsConnection } from 'nats';
import { startChildApp, type ChildApp } from './support/child-app';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { deleteStreamsAndClose } from './support/outbox-checks';

const ROWS = 20_000;
const KEYS = 10;

/**
 * Two relay processes drain one outbox at once. Every row is published, none is handled twice, and
 * an ordered handler (concurrency 1, one message in flight) sees each key's messages in commit order.
 */
describe('two relay processes over one outbox', () => {
  const prefix = uniqueSubjectToken('relays');
  const stream = prefix.toUpperCase();
  const type = `${prefix}.step.done.v1`;

  @Event(type)
  class StepDone {
    constructor(
      readonly key: string,
      readonly step: number,
    ) {}
  }

  @injectable()
  class OrderedSink {
    readonly seen = new Map<string, number[]>();
    readonly ids = new Map<string, number>();

    @Handles(StepDone, { durable: 'ordered-sink', concurrency: 1, maxAckPending: 1, idempotent: false })
    async on(event: StepDone, ctx: MessageContext): Promise<void> {
      (this.seen.get(event.key) ?? this.seen.set(event.key, []).get(event.key)!).push(event.step);
      this.ids.set(ctx.envelope.id, (this.ids.get(ctx.envelope.id) ?? 0) + 1);
    }
  }

  let db: TestDatabase;
  let nc: NatsConnection;
  let harness: JetboxTestHarness;
  let sink: OrderedSink;
  const relays: ChildApp[] = [];
  let exitCodes: Array<number | null>;
  let sentByRelay: number[];

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    db = await createTestDatabase('mariadb', []);
    await runJetboxMigrations(db.dataSource);
    const store = typeormOutbox({ dataSource: db.dataSource });
    // Commit order is id order: each key's steps are written oldest first, keys interleaved.
    const now = new Date();
    for (let start = 0; start < ROWS; start += 2_000) {
      await store.transaction(async (tx) =>
        store.write(
          tx,
          Array.from({ length: 2_000 }, (_, i) => {
            const n = start + i;
            const key = `k${n % KEYS}`;
            const id = newMessageId();
            const step = Math.floor(n / KEYS);
            return {
              id,
              subject: type,
              headers: toHeaders({ id, type, source: 'two-relays', time: now.toISOString(), correlationId: id, key }),
              payload: new TextEncoder().encode(JSON.stringify({ key, step })),
              key,
              availableAt: now,
            };
          }),
        ),
      );
    }
    const container = new Container();
    container.bind(OrderedSink).toSelf().inSingletonScope();
    harness = await JetboxTestHarness.start({
      container,
      services: [OrderedSink],
      transport: nats({ servers: NATS_URL }),
      streams: [{ name: stream, subjects: [`${prefix}.>`] }],
      deadLetter: { stream: `${stream}_DLQ`, subjectPrefix: `${prefix}-dlq` },
      logger: silentLogger,
    });
    sink = container.get(OrderedSink);
    const env = { PREFIX: prefix, DATABASE: db.dataSource.options.database as string, NATS_URL };
    relays.push(startChildApp('relay-app.ts', env), startChildApp('relay-app.ts', env));
    await Promise.all(relays.map((r) => r.waitForLine('READY')));
    await waitFor(async () => Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM jetbox_outbox WHERE sent_at IS NULL'))[0].n) === 0, {
      timeoutMs: 90_000,
      intervalMs: 200,
      description: 'every outbox row sent',
    });
    await waitFor(() => sink.ids.size === ROWS, { timeoutMs: 60_000, intervalMs: 100, description: `${ROWS} messages handled` });
    exitCodes = await Promise.all(relays.map((r) => r.terminate()));
    sentByRelay = relays.map((r) => Number(r.lines.find((l) => l.startsWith('SENT '))?.slice(5)));
  }, 180_000);

  afterAll(async () => {
    for (const r of relays) if (r.process.exitCode === null && r.process.signalCode === null) await r.kill();
    await harness?.stop();
    await db?.drop();
    await deleteStreamsAndClose(nc, stream);
  });

  it('should have had both relays publishing, and drain on SIGTERM', () => {
    expect([sentByRelay.every((sent) => sent > 0), exitCodes]).toStrictEqual([true, [0, 0]]);
  });

  it('should store each row once in the stream', async () => {
    const info = await (await nc.jetstreamManager()).streams.info(stream);
    expect(info.state.messages).toBe(ROWS);
  });

  it('should handle every message exactly once', () => {
    expect([sink.ids.size, [...sink.ids.values()].every((count) => count === 1)]).toStrictEqual([ROWS, true]);
  });

  it('should keep each key in commit order at the ordered handler', () => {
    const inOrder = [...sink.seen.values()].every((steps) => steps.every((step, i) => step === i));
    expect([sink.seen.size, inOrder]).toStrictEqual([KEYS, true]);
  });
});
