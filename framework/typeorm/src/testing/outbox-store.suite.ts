import type { ClaimedOutboxRecord, RelayBatchResult } from '@jetbox/core';
import { waitFor } from '@jetbox/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxRecordEntity } from '../entities/outbox-record.entity';
import { runJetboxMigrations } from '../migrations/jetbox.migrations';
import { typeormOutbox } from '../typeorm-outbox';
import type { TypeOrmOutboxStore } from '../typeorm-outbox.store';
import { clearTables, outboxRecord, outboxRows, sendAll, type OutboxRow } from './outbox-records';

/** A fresh, empty database for one suite run, and how to give it back. */
export interface SuiteDatabase {
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The store's behaviour, written once and run against each database (MariaDB and SQLite). The
 * database must be empty (the suite runs the migrations itself) and the DataSource must list
 * `OutboxRecordEntity` and `InboxEntryEntity`, whose mapping the suite checks too.
 */
/** The greatest id of `records` (ids are UUIDv7: in creation order, compared as strings). */
function greatestId(records: ReadonlyArray<{ id: string }>): string {
  return records
    .map((record) => record.id)
    .sort()
    .at(-1)!;
}

export function outboxStoreSuite(name: string, open: () => Promise<SuiteDatabase>): void {
  describe(`TypeOrmOutboxStore on ${name}`, () => {
    let db: SuiteDatabase;
    let dataSource: DataSource;
    let store: TypeOrmOutboxStore;
    let firstRun: string[];

    beforeAll(async () => {
      db = await open();
      dataSource = db.dataSource;
      firstRun = await runJetboxMigrations(dataSource);
      store = typeormOutbox({ dataSource });
    });
    afterAll(async () => db?.close());

    const write = (records: ReturnType<typeof outboxRecord>[]) =>
      store.transaction((tx) => store.write(tx, records));
    const rowsById = async () => new Map((await outboxRows(dataSource)).map((row) => [row.id, row]));

    describe('when the migrations run twice', () => {
      let secondRun: string[];
      beforeAll(async () => {
        secondRun = await runJetboxMigrations(dataSource);
      });
      it('should run the table migration the first time', () =>
        expect(firstRun).toStrictEqual(['JetboxCreateTables1764720000000']));
      it('should run nothing the second time', () => expect(secondRun).toStrictEqual([]));
      it('should leave both tables empty and queryable', async () => {
        const counts = await Promise.all(
          ['jetbox_outbox', 'jetbox_inbox'].map(async (table) =>
            Number((await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n),
          ),
        );
        expect(counts).toStrictEqual([0, 0]);
      });
    });

    describe('when a transaction writing records commits', () => {
      const records = [
        outboxRecord({ key: 'a' }),
        outboxRecord(),
        outboxRecord({ key: 'b', headers: { 'ce-id': 'x', traceparent: 't' } }),
      ];
      let published: ClaimedOutboxRecord[];
      let counts: { claimed: number; sent: number; failed: number; more: boolean; lastId?: string };
      beforeAll(async () => {
        await clearTables(dataSource);
        await write(records);
        published = [];
        counts = await store.relay(10, async (batch) => {
          published.push(...batch);
          return sendAll(batch);
        });
      });
      it('should hand the relay every record with its fields', () =>
        expect(published.map((r) => ({ ...r, payload: Buffer.from(r.payload).toString() }))).toStrictEqual(
          records.map((r) => ({ ...r, payload: Buffer.from(r.payload).toString(), attempts: 0 })),
        ));
      it('should report the batch and its greatest id', () =>
        expect(counts).toStrictEqual({
          claimed: 3,
          sent: 3,
          failed: 0,
          more: false,
          lastId: greatestId(records),
        }));
      it('should mark every row sent', async () =>
        expect((await outboxRows(dataSource)).every((row) => row.sentAt !== null)).toBe(true));
      it('should claim nothing more', async () =>
        expect(await store.relay(10, sendAll)).toStrictEqual({
          claimed: 0,
          sent: 0,
          failed: 0,
          more: false,
        }));
    });

    describe('when reading the outbox through the entity', () => {
      const record = outboxRecord({ key: 'k' });
      let entity: OutboxRecordEntity | null;
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([record]);
        entity = await dataSource.getRepository(OutboxRecordEntity).findOneBy({ id: record.id });
      });
      it('should map every column', () =>
        expect({
          ...entity!,
          payload: entity!.payload.toString(),
          createdAt: entity!.createdAt instanceof Date,
        }).toStrictEqual({
          id: record.id,
          subject: record.subject,
          headers: JSON.stringify(record.headers),
          payload: Buffer.from(record.payload).toString(),
          partitionKey: 'k',
          createdAt: true,
          availableAt: record.availableAt,
          attempts: 0,
          lastError: null,
          sentAt: null,
        }));
    });

    describe('when a transaction writing records rolls back', () => {
      let calls = 0;
      let counts: unknown;
      beforeAll(async () => {
        await clearTables(dataSource);
        await expect(
          store.transaction(async (tx) => {
            await store.write(tx, [outboxRecord(), outboxRecord()]);
            throw new Error('business rule broken');
          }),
        ).rejects.toThrow('business rule broken');
        counts = await store.relay(10, async (batch) => {
          calls++;
          return sendAll(batch);
        });
      });
      it('should leave no row', async () => expect(await outboxRows(dataSource)).toStrictEqual([]));
      it('should claim nothing', () =>
        expect({ counts, calls }).toStrictEqual({
          counts: { claimed: 0, sent: 0, failed: 0, more: false },
          calls: 0,
        }));
    });

    describe('when a store transaction joins the caller’s transaction', () => {
      beforeAll(async () => {
        await clearTables(dataSource);
        await expect(
          dataSource.transaction(async (manager: EntityManager) => {
            await store.transaction((tx) => store.write(tx, [outboxRecord()]), { manager });
            throw new Error('caller rolls back');
          }),
        ).rejects.toThrow('caller rolls back');
      });
      it('should write in that transaction, rolled back with it', async () =>
        expect(await outboxRows(dataSource)).toStrictEqual([]));
    });

    describe('when a record is delayed', () => {
      const availableAt = new Date(Date.now() + 400);
      const record = outboxRecord({ availableAt });
      let early: unknown;
      let claimedAt: number;
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([record]);
        early = await store.relay(10, sendAll);
        await waitFor(async () => (await store.relay(10, sendAll)).sent === 1, {
          timeoutMs: 5_000,
          description: 'the delayed record to be sent',
        });
        claimedAt = Date.now();
      });
      it('should not be claimed before its time', () =>
        expect(early).toStrictEqual({ claimed: 0, sent: 0, failed: 0, more: false }));
      it('should be claimed once due', () => expect(claimedAt).toBeGreaterThanOrEqual(availableAt.getTime()));
    });

    describe('when publishing a keyed record fails', () => {
      const a1 = outboxRecord({ key: 'a' });
      const a2 = outboxRecord({ key: 'a' });
      const b1 = outboxRecord({ key: 'b' });
      const retryAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
      let first: unknown;
      let secondBatch: string[];
      let rows: Map<string, OutboxRow>;
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([a1, a2, b1]);
        first = await store.relay(10, async (): Promise<RelayBatchResult> => ({
          sent: [],
          failed: [{ id: a1.id, error: 'x'.repeat(5_000), retryAt }],
        }));
        secondBatch = [];
        await store.relay(10, async (batch) => {
          secondBatch.push(...batch.map((r) => r.id));
          return sendAll(batch);
        });
        rows = await rowsById();
      });
      it('should report one failure', () =>
        expect(first).toStrictEqual({
          claimed: 3,
          sent: 0,
          failed: 1,
          more: false,
          lastId: greatestId([a1, a2, b1]),
        }));
      it('should record the attempt, the error (cut to 2,000 characters) and the retry time', () =>
        expect(rows.get(a1.id)).toStrictEqual({
          id: a1.id,
          attempts: 1,
          lastError: 'x'.repeat(2_000),
          availableAt: retryAt,
          sentAt: null,
        }));
      it('should leave the released records untouched', () => expect(rows.get(a2.id)!.attempts).toBe(0));
      it('should hold back the later record of that key and let the other key go', () =>
        expect(secondBatch).toStrictEqual([b1.id]));
    });

    describe('when a claim fills its limit', () => {
      let full: { claimed: number; more: boolean };
      let rest: { claimed: number; more: boolean };
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([outboxRecord(), outboxRecord(), outboxRecord()]);
        full = await store.relay(2, sendAll);
        rest = await store.relay(2, sendAll);
      });
      it('should say more may be due', () =>
        expect({ claimed: full.claimed, more: full.more }).toStrictEqual({ claimed: 2, more: true }));
      it('should say nothing more is due after a short claim', () =>
        expect({ claimed: rest.claimed, more: rest.more }).toStrictEqual({ claimed: 1, more: false }));
    });

    describe('when a batch starts after a cursor', () => {
      const records = [
        outboxRecord(),
        outboxRecord({ key: 'k' }),
        outboxRecord(),
        outboxRecord({ key: 'k' }),
      ];
      let claimed: string[];
      beforeAll(async () => {
        await clearTables(dataSource);
        await write(records);
        claimed = [];
        await store.relay(
          10,
          async (batch) => {
            claimed.push(...batch.map((r) => r.id));
            return { sent: [], failed: [] };
          },
          { after: records[1]!.id, inFlight: new Set([records[1]!.id]) },
        );
      });
      it('should claim only the records above it, the key in flight not holding its later record back', () =>
        expect(claimed).toStrictEqual([records[2]!.id, records[3]!.id]));
    });

    describe('when a failed record holds back more records of its key than a batch takes', () => {
      const stuck = [1, 2, 3, 4, 5].map(() => outboxRecord({ key: 'stuck' }));
      const other = outboxRecord({ key: 'other' });
      let batch: string[];
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([...stuck, other]);
        const retryAt = new Date(Date.now() + 3_600_000);
        await store.relay(1, async ([first]) => ({
          sent: [],
          failed: [{ id: first!.id, error: 'broker down', retryAt }],
        }));
        batch = [];
        await store.relay(3, async (records) => {
          batch.push(...records.map((r) => r.id));
          return sendAll(records);
        });
      });
      it('should still claim the other key', () => expect(batch).toStrictEqual([other.id]));
    });

    describe('when an older record of a key is not due between two due ones', () => {
      const a1 = outboxRecord({ key: 'a' });
      const a2 = outboxRecord({ key: 'a', availableAt: new Date(Date.now() + 3_600_000) });
      const a3 = outboxRecord({ key: 'a' });
      let batch: string[];
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([a1, a2, a3]);
        batch = [];
        await store.relay(10, async (records) => {
          batch.push(...records.map((r) => r.id));
          return sendAll(records);
        });
      });
      it('should publish only the records before the gap', () => expect(batch).toStrictEqual([a1.id]));
    });

    describe('when two relays run at once on one store', () => {
      const records = Array.from({ length: 60 }, (_, i) => outboxRecord({ key: `k${i % 3}` }));
      const published: string[] = [];
      beforeAll(async () => {
        await clearTables(dataSource);
        await write(records);
        const publish = async (batch: readonly ClaimedOutboxRecord[]) => {
          published.push(...batch.map((r) => r.id));
          await new Promise((resolve) => setImmediate(resolve));
          return sendAll(batch);
        };
        const loop = async () => {
          while ((await store.backlog()).unsent > 0) await store.relay(7, publish);
        };
        await Promise.all([loop(), loop()]);
      });
      it('should publish each record once, in id order', () =>
        expect(published).toStrictEqual(records.map((r) => r.id)));
    });

    describe('when records wait', () => {
      let empty: unknown;
      let waiting: { unsent: number; oldestUnsentAgeMs: number | null };
      let before: number;
      let after: number;
      beforeAll(async () => {
        await clearTables(dataSource);
        empty = await store.backlog();
        before = Date.now();
        await write([outboxRecord(), outboxRecord(), outboxRecord()]);
        await store.relay(1, sendAll);
        waiting = await store.backlog();
        after = Date.now();
      });
      it('should report an empty backlog as such', () =>
        expect(empty).toStrictEqual({ unsent: 0, oldestUnsentAgeMs: null }));
      it('should count the unsent records', () => expect(waiting.unsent).toBe(2));
      it('should age the oldest by its creation', () =>
        expect(waiting.oldestUnsentAgeMs).toBeLessThanOrEqual(after - before));
    });

    describe('when pruning', () => {
      let sentPrunes: number[];
      let inboxPrunes: number[];
      let left: number;
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([1, 2, 3, 4, 5].map(() => outboxRecord()));
        await store.relay(10, sendAll);
        await write([outboxRecord()]);
        await store.transaction(async (tx) => {
          for (let i = 0; i < 5; i++) await store.recordInbox(tx, 'consumer-a', outboxRecord().id);
        });
        const future = new Date(Date.now() + 60_000);
        sentPrunes = [
          await store.pruneSent(future, 3),
          await store.pruneSent(future, 3),
          await store.pruneSent(future, 3),
        ];
        inboxPrunes = [
          await store.pruneInbox(future, 3),
          await store.pruneInbox(future, 3),
          await store.pruneInbox(future, 3),
        ];
        left = (await outboxRows(dataSource)).length;
      });
      it('should delete sent records at most limit at a time', () =>
        expect(sentPrunes).toStrictEqual([3, 2, 0]));
      it('should keep the unsent record', () => expect(left).toBe(1));
      it('should delete inbox entries at most limit at a time', () =>
        expect(inboxPrunes).toStrictEqual([3, 2, 0]));
      it('should delete nothing handled after the cut-off', async () =>
        expect(await store.pruneSent(new Date(0), 10)).toBe(0));
    });

    describe('when records sent since a time are queued to be published again', () => {
      const early = outboxRecord({ key: 'k' });
      const late = [outboxRecord({ key: 'k' }), outboxRecord(), outboxRecord()];
      const unsent = outboxRecord();
      let queued: number[];
      let republished: string[];
      let rows: Map<string, OutboxRow>;
      beforeAll(async () => {
        await clearTables(dataSource);
        await write([early]);
        await store.relay(10, sendAll);
        await waitFor(async () => (await outboxRows(dataSource))[0]!.sentAt!.getTime() < Date.now() - 20, { timeoutMs: 2_000, description: 'a clock tick past the first send' });
        const since = new Date();
        await write(late);
        await store.relay(10, sendAll);
        await write([unsent]);
        const until = new Date(Date.now() + 1_000);
        queued = [await store.resendSent(since, until, 2), await store.resendSent(since, until, 2), await store.resendSent(since, until, 2)];
        rows = await rowsById();
        republished = [];
        await store.relay(10, async (batch) => {
          republished.push(...batch.map((r) => r.id));
          return sendAll(batch);
        });
      });
      it('should queue the records sent since then, at most limit at a time', () => expect(queued).toStrictEqual([2, 1, 0]));
      it('should mark them unsent and leave the earlier one sent', () =>
        expect([early, ...late].map((r) => rows.get(r.id)!.sentAt === null)).toStrictEqual([false, true, true, true]));
      it('should let the relay publish them again, with the unsent one, in id order', () =>
        expect(republished).toStrictEqual([...late, unsent].map((r) => r.id)));
    });

    describe('when recording a message in the inbox', () => {
      const id = outboxRecord().id;
      let answers: boolean[];
      beforeAll(async () => {
        await clearTables(dataSource);
        answers = [];
        await expect(
          store.transaction(async (tx) => {
            answers.push(await store.recordInbox(tx, 'consumer-a', id));
            throw new Error('handler failed');
          }),
        ).rejects.toThrow('handler failed');
        for (const consumer of ['consumer-a', 'consumer-a', 'consumer-b']) {
          answers.push(await store.transaction((tx) => store.recordInbox(tx, consumer, id)));
        }
      });
      it('should answer true, forget it on rollback, then true, false, and true for another consumer', () =>
        expect(answers).toStrictEqual([true, true, false, true]));
    });
  });
}
