import type { ClaimedOutboxRecord, OutboxBacklog, OutboxRecord, OutboxStore, OutboxTransaction, RelayBatchOptions, RelayBatchResult, RelayClaim, RelayCounts } from '@jetbox/core';
import type { DataSource, EntityManager } from 'typeorm';
import { describeDataSource, dialectOf, fromDbTime, toDbTime, type SqlDialect } from './store/dialect';
import { isLockConflict, isUnreachable, translateDriverError } from './store/driver-error';
import { claimDue, dropHeldBack, insertRecords, recordOutcome } from './store/outbox.sql';
import { SerialQueue } from './store/serial.queue';
import { runSql } from './store/sql.runner';
import type { ResolvedTypeOrmOutboxOptions } from './typeorm-outbox.options';

type Publish = (records: readonly ClaimedOutboxRecord[], claim: RelayClaim) => Promise<RelayBatchResult>;
const MAX_INBOX_CONSUMER = 255;
const MAX_MESSAGE_ID = 36;

/** Carries an error `publish` threw through the transaction, so it is rethrown untouched. */
class PublishThrew {
  constructor(readonly error: unknown) {}
}

/**
 * The transactional outbox and inbox on a TypeORM DataSource (MariaDB/MySQL with InnoDB, or SQLite
 * through better-sqlite3), over the tables of `JetboxMigrations`. Create it with `typeormOutbox()`.
 *
 * What a caller may rely on:
 * - `write` and `recordInbox` run on the caller's transaction: their rows exist if, and only if,
 *   it commits.
 * - `relay` claims with `FOR UPDATE SKIP LOCKED` at READ COMMITTED (by default), hands each key to
 *   one relay at a time, oldest first, and retries the whole batch on a deadlock or lock-wait
 *   timeout (so `publish` may see a batch twice: the message ids make that harmless).
 * - All times are taken from this process's clock and stored as the DataSource's driver stores
 *   `Date`s, so `availableAt`, `sent_at` and prune cut-offs compare consistently.
 * - On SQLite the store runs its own transactions and statements one at a time (one connection).
 * - An unreachable database surfaces as `JetboxError('CONNECTION')`; other driver errors keep their
 *   class and code, with what the store was doing prefixed to the message.
 */
export class TypeOrmOutboxStore implements OutboxStore<EntityManager> {
  private readonly dataSource: DataSource;
  private readonly dialect: SqlDialect;
  private readonly where: string;
  private readonly serial: SerialQueue | undefined;

  constructor(private readonly options: ResolvedTypeOrmOutboxOptions) {
    this.dataSource = options.dataSource;
    this.dialect = dialectOf(options.dataSource.options);
    this.where = describeDataSource(options.dataSource);
    this.serial = this.dialect === 'sqlite' ? new SerialQueue() : undefined;
  }

  /** `MariaDB at 127.0.0.1:3306/test`, `MySQL at …`, `SQLite (<database>)`. Never a password. */
  describe(): string {
    return this.where;
  }

  /**
   * Runs `work` in a new transaction on the DataSource, committed when `work` resolves and rolled
   * back when it throws (its error is rethrown as is). With `join`, runs `work(join)` in that open
   * transaction; its owner commits. On SQLite, store transactions run one at a time: another store
   * transaction (without `join`), `relay`, `backlog` or a prune started inside `work` rejects at once.
   */
  async transaction<T>(work: (tx: OutboxTransaction<EntityManager>) => Promise<T>, join?: OutboxTransaction<EntityManager>): Promise<T> {
    if (join) return work(join);
    try {
      return await this.exclusive(() => this.dataSource.transaction((manager) => work({ manager })));
    } catch (error) {
      throw isUnreachable(error) ? translateDriverError(error, 'cannot run a transaction', this.where) : error;
    }
  }

  /** Inserts `records` on `tx` (one multi-row INSERT per 500); visible to relays once `tx` commits. */
  async write(tx: OutboxTransaction<EntityManager>, records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await insertRecords(tx.manager, this.dialect, records, new Date());
    } catch (error) {
      throw translateDriverError(error, `cannot write ${records.length} outbox record(s)`, this.where);
    }
  }

  /**
   * One relay batch in one transaction: claim up to `limit` due records (id order, skipping locked
   * rows), drop those an older unsent record of their key holds back, call `publish` with the rest
   * (not called when none remain), mark sent / record failures, commit. Records `publish` reports in
   * neither list are released unchanged. If `publish` throws, the transaction rolls back and its
   * error is rethrown unchanged. A deadlock or lock-wait timeout retries the whole batch up to
   * `lockRetries` times after a short jittered pause.
   */
  async relay(limit: number, publish: Publish, options: RelayBatchOptions = {}): Promise<RelayCounts> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`relay limit must be a positive integer, got ${limit}`);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.exclusive(() => this.relayOnce(limit, publish, options));
      } catch (error) {
        if (error instanceof PublishThrew) throw error.error;
        if (isLockConflict(error) && attempt < this.options.lockRetries) {
          try {
            this.options.onLockRetry?.(error, attempt + 1);
          } catch {
            // A logging hook must not stop the retry.
          }
          await pause(5 + Math.random() * 20 * (attempt + 1));
          continue;
        }
        throw translateDriverError(error, 'cannot relay outbox records', this.where);
      }
    }
  }

  /** Unsent records now, and the age of the oldest by `created_at` (null when none wait). */
  async backlog(): Promise<OutboxBacklog> {
    const { rows } = await this.statement('cannot read the outbox backlog', (manager) =>
      runSql(manager, 'SELECT COUNT(*) AS unsent, MIN(created_at) AS oldest FROM jetbox_outbox WHERE sent_at IS NULL'),
    );
    const row = rows[0] ?? {};
    const oldest = row['oldest'];
    return {
      unsent: Number(row['unsent'] ?? 0),
      oldestUnsentAgeMs: oldest === null || oldest === undefined ? null : Math.max(0, Date.now() - fromDbTime(this.dialect, oldest).getTime()),
    };
  }

  /** Deletes at most `limit` records sent before `before`, oldest first, in one statement. */
  async pruneSent(before: Date, limit: number): Promise<number> {
    return this.prune('jetbox_outbox', 'sent_at', before, limit);
  }

  /**
   * Marks at most `limit` records sent in `[from, to)` unsent and due now, oldest first, in one
   * statement. A relay then publishes them again in id order, keys in order.
   */
  async resendSent(from: Date, to: Date, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`resend limit must be a positive integer, got ${limit}`);
    const [start, end, now] = [from, to, new Date()].map((time) => toDbTime(this.dialect, time));
    const sql =
      this.dialect === 'mysql'
        ? 'UPDATE jetbox_outbox SET sent_at = NULL, available_at = ? WHERE sent_at >= ? AND sent_at < ? ORDER BY sent_at LIMIT ?'
        : 'UPDATE jetbox_outbox SET sent_at = NULL, available_at = ? WHERE rowid IN (SELECT rowid FROM jetbox_outbox WHERE sent_at >= ? AND sent_at < ? ORDER BY sent_at LIMIT ?)';
    const { affected } = await this.statement('cannot mark sent outbox records for re-publishing', (manager) => runSql(manager, sql, [now, start, end, limit]));
    return affected;
  }

  /** Deletes at most `limit` inbox entries handled before `before`, oldest first, in one statement. */
  async pruneInbox(before: Date, limit: number): Promise<number> {
    return this.prune('jetbox_inbox', 'handled_at', before, limit);
  }

  /**
   * Inserts `(consumer, messageId)` on `tx`: true when this call inserted it, false when it was
   * already there (committed). On MySQL a concurrent uncommitted insert of the same pair makes this
   * wait for that transaction, then answer by its outcome.
   */
  async recordInbox(tx: OutboxTransaction<EntityManager>, consumer: string, messageId: string): Promise<boolean> {
    if (consumer.length === 0 || consumer.length > MAX_INBOX_CONSUMER) {
      throw new RangeError(`inbox consumer name must have 1 to ${MAX_INBOX_CONSUMER} characters, got ${consumer.length}`);
    }
    if (messageId.length === 0 || messageId.length > MAX_MESSAGE_ID) {
      throw new RangeError(`inbox message id must have 1 to ${MAX_MESSAGE_ID} characters, got '${messageId}'`);
    }
    const insert = this.dialect === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    try {
      const { affected } = await runSql(tx.manager, `${insert} INTO jetbox_inbox (consumer, message_id, handled_at) VALUES (?, ?, ?)`, [
        consumer,
        messageId,
        toDbTime(this.dialect, new Date()),
      ]);
      return affected === 1;
    } catch (error) {
      throw translateDriverError(error, `cannot record message ${messageId} in the inbox of '${consumer}'`, this.where);
    }
  }

  private relayOnce(limit: number, publish: Publish, { after, inFlight }: RelayBatchOptions): Promise<RelayCounts> {
    const run = async (manager: EntityManager): Promise<RelayCounts> => {
      let ready: ClaimedOutboxRecord[];
      let more: boolean;
      let lastId: string | undefined;
      try {
        const claimed = await claimDue(manager, this.dialect, limit, new Date(), after);
        more = claimed.length === limit;
        lastId = claimed.at(-1)?.id;
        ready = claimed.length === 0 ? [] : await dropHeldBack(manager, claimed, inFlight);
      } catch (error) {
        throw translateDriverError(error, 'cannot claim outbox rows', this.where);
      }
      const end = lastId === undefined ? {} : { lastId };
      if (ready.length === 0) return { claimed: 0, sent: 0, failed: 0, more, ...end };
      let result: RelayBatchResult;
      try {
        result = await publish(ready, { more, ...end });
      } catch (error) {
        throw new PublishThrew(error);
      }
      try {
        const done = await recordOutcome(manager, this.dialect, new Set(ready.map((record) => record.id)), result, new Date());
        return { claimed: ready.length, ...done, more, ...end };
      } catch (error) {
        throw translateDriverError(error, 'cannot mark outbox rows sent', this.where);
      }
    };
    return this.dialect === 'mysql' ? this.dataSource.transaction(this.options.relayIsolation, run) : this.dataSource.transaction(run);
  }

  private async prune(table: 'jetbox_outbox' | 'jetbox_inbox', column: string, before: Date, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`prune limit must be a positive integer, got ${limit}`);
    const sql =
      this.dialect === 'mysql'
        ? `DELETE FROM ${table} WHERE ${column} < ? ORDER BY ${column} LIMIT ?`
        : `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} < ? ORDER BY ${column} LIMIT ?)`;
    const { affected } = await this.statement(`cannot prune ${table}`, (manager) => runSql(manager, sql, [toDbTime(this.dialect, before), limit]));
    return affected;
  }

  private async statement<T>(context: string, run: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.exclusive(() => run(this.dataSource.manager));
    } catch (error) {
      throw translateDriverError(error, context, this.where);
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.serial
      ? this.serial.run(
          task,
          `${this.where}: a store operation was started inside a store transaction; SQLite has one connection, so pass the open transaction as \`join\``,
        )
      : task();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
