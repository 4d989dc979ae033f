import type { ClaimedOutboxRecord } from '@jetbox/core';
import type { DataSource } from 'typeorm';
import { runJetboxMigrations } from './migrations/jetbox.migrations';
import { requireMariaDb, type MariaDbFixture } from './testing/mariadb.fixture';
import { outboxRecord, outboxRows, sendAll, type OutboxRow } from './testing/outbox-records';
import { typeormOutbox } from './typeorm-outbox';

describe('TypeOrmOutboxStore.relay with two relays on two connections to MariaDB', () => {
  const KEYS = 10;
  const records = Array.from({ length: 2_000 }, (_, i) => outboxRecord({ key: `key-${i % KEYS}` }));
  const publishes = new Map<string, number>();
  const firstSeenPerKey = new Map<string, string[]>();
  let fixture: MariaDbFixture;
  let lockRetries = 0;
  let rows: OutboxRow[];

  beforeAll(async () => {
    fixture = await requireMariaDb();
    const dataSources: DataSource[] = [await fixture.connect(), await fixture.connect()];
    await runJetboxMigrations(dataSources[0]!);
    const stores = dataSources.map((dataSource) => typeormOutbox({ dataSource, onLockRetry: () => lockRetries++ }));
    await stores[0]!.transaction((tx) => stores[0]!.write(tx, records));

    const publish = async (batch: readonly ClaimedOutboxRecord[]) => {
      for (const record of batch) {
        const seen = publishes.get(record.id) ?? 0;
        publishes.set(record.id, seen + 1);
        if (seen === 0) firstSeenPerKey.set(record.key!, [...(firstSeenPerKey.get(record.key!) ?? []), record.id]);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
      return sendAll(batch);
    };
    const relayUntilEmpty = async (store: (typeof stores)[number]) => {
      while ((await store.backlog()).unsent > 0) await store.relay(50, publish);
    };
    await Promise.all(stores.map(relayUntilEmpty));
    rows = await outboxRows(dataSources[0]!);
  });
  afterAll(async () => fixture?.drop());

  it('should mark every record sent', () => expect(rows.filter((row) => row.sentAt !== null).length).toBe(records.length));
  it('should publish every record', () => expect(publishes.size).toBe(records.length));
  it('should publish a record twice only after a lock-conflict retry', () => {
    const repeats = [...publishes.values()].filter((count) => count > 1).length;
    expect(lockRetries > 0 || repeats === 0).toBe(true);
  });
  it('should publish each key’s records in id order', () => {
    const expected = new Map<string, string[]>();
    for (const record of records) expected.set(record.key!, [...(expected.get(record.key!) ?? []), record.id]);
    expect(firstSeenPerKey).toStrictEqual(expected);
  });
});

describe('TypeOrmOutboxStore.relay while another relay holds rows', () => {
  const x = [1, 2, 3].map(() => outboxRecord({ key: 'x' }));
  const y = [1, 2, 3].map(() => outboxRecord({ key: 'y' }));
  let fixture: MariaDbFixture;
  let outer: unknown;
  let inner: string[];

  beforeAll(async () => {
    fixture = await requireMariaDb();
    const first = await fixture.connect();
    await runJetboxMigrations(first);
    const [a, b] = [typeormOutbox({ dataSource: first }), typeormOutbox({ dataSource: await fixture.connect() })];
    await a.transaction((tx) => a.write(tx, [...x, ...y]));
    inner = [];
    // While relay a holds x's rows (inside its publish), relay b must skip them, not wait for them.
    outer = await a.relay(3, async (batch) => {
      await b.relay(10, async (other) => {
        inner.push(...other.map((record) => record.id));
        return sendAll(other);
      });
      return sendAll(batch);
    });
  }, 15_000);
  afterAll(async () => fixture?.drop());

  it('should let the other relay claim the other key at once', () => expect(inner).toStrictEqual(y.map((record) => record.id)));
  it('should finish the holding relay’s batch, saying its claim was full', () => expect(outer).toStrictEqual({ claimed: 3, sent: 3, failed: 0, more: true, lastId: x[2]!.id }));
});

describe('TypeOrmOutboxStore.relay overlapping an earlier batch of the same relay', () => {
  const a = [1, 2, 3].map(() => outboxRecord({ key: 'a' }));
  let fixture: MariaDbFixture;
  let told: string[];
  let untold: string[];

  beforeAll(async () => {
    fixture = await requireMariaDb();
    const dataSource = await fixture.connect();
    await runJetboxMigrations(dataSource);
    const store = typeormOutbox({ dataSource });
    await store.transaction((tx) => store.write(tx, a));
    const claimIds = async (inFlight?: ReadonlySet<string>) => {
      const ids: string[] = [];
      await store.relay(
        10,
        async (batch) => {
          ids.push(...batch.map((record) => record.id));
          return { sent: [], failed: [] };
        },
        inFlight ? { inFlight } : {},
      );
      return ids;
    };
    // The first batch holds a[0] (uncommitted) while the next batch claims.
    await store.relay(1, async ([first]) => {
      untold = await claimIds();
      told = await claimIds(new Set([first!.id]));
      return sendAll([first!]);
    });
  }, 15_000);
  afterAll(async () => fixture?.drop());

  it('should hold the key back from a batch that was not told the older record is in flight', () => expect(untold).toStrictEqual([]));
  it('should claim the rest of the key, in order, when told', () => expect(told).toStrictEqual([a[1]!.id, a[2]!.id]));
});
