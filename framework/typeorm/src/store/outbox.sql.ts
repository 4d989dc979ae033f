import type { ClaimedOutboxRecord, OutboxRecord, RelayBatchResult } from '@jetbox/core';
import type { EntityManager } from 'typeorm';
import { fromDbTime, toDbTime, type SqlDialect } from './dialect';
import { filterByKey, keysOf } from './key.filter';
import { placeholders, runSql } from './sql.runner';

/** Rows per INSERT statement: well under MySQL's packet and SQLite's variable limits. */
export const WRITE_CHUNK = 500;
/** `last_error` keeps at most this many characters. */
export const MAX_ERROR_LENGTH = 2_000;

/** Inserts `records` as unsent rows, `WRITE_CHUNK` rows per statement, on `manager`'s transaction. */
export async function insertRecords(manager: EntityManager, dialect: SqlDialect, records: readonly OutboxRecord[], now: Date): Promise<void> {
  const createdAt = toDbTime(dialect, now);
  for (let start = 0; start < records.length; start += WRITE_CHUNK) {
    const chunk = records.slice(start, start + WRITE_CHUNK);
    const params = chunk.flatMap((record) => [
      record.id,
      record.subject,
      JSON.stringify(record.headers),
      Buffer.from(record.payload.buffer, record.payload.byteOffset, record.payload.byteLength),
      record.key ?? null,
      createdAt,
      toDbTime(dialect, record.availableAt),
    ]);
    await runSql(
      manager,
      `INSERT INTO jetbox_outbox (id, subject, headers, payload, partition_key, created_at, available_at, attempts) VALUES ${chunk
        .map(() => '(?, ?, ?, ?, ?, ?, ?, 0)')
        .join(', ')}`,
      params,
    );
  }
}

/**
 * Locks and reads up to `limit` due, unsent rows in id order, leaving out every row of a key whose
 * oldest unsent record is not due (a failed one waiting for its retry, or a delayed one): otherwise
 * one stuck key could fill every batch with rows the key filter then drops, starving other keys.
 * (One index dive per candidate: the first `(partition_key, sent_at IS NULL)` entry in id order.)
 * With `after`, only ids above it: a drain's cursor, so a long drain does not rescan the index
 * entries of the rows it already marked sent (InnoDB purges them later).
 * MySQL/MariaDB: `FOR UPDATE SKIP LOCKED`, so rows another relay holds are passed over, not waited for. SQLite has one writer and
 * no row locks: the transaction itself is the claim.
 */
export async function claimDue(manager: EntityManager, dialect: SqlDialect, limit: number, now: Date, after?: string): Promise<ClaimedOutboxRecord[]> {
  const lock = dialect === 'mysql' ? ' FOR UPDATE SKIP LOCKED' : '';
  const at = toDbTime(dialect, now);
  const { rows } = await runSql(
    manager,
    `SELECT id, subject, headers, payload, partition_key, available_at, attempts FROM jetbox_outbox o
     WHERE sent_at IS NULL${after === undefined ? '' : ' AND id > ?'} AND available_at <= ?
       AND (partition_key IS NULL OR (
         SELECT h.available_at FROM jetbox_outbox h
         WHERE h.partition_key = o.partition_key AND h.sent_at IS NULL ORDER BY h.id LIMIT 1) <= ?)
     ORDER BY id LIMIT ?${lock}`,
    after === undefined ? [at, at, limit] : [after, at, at, limit],
  );
  return rows.map((row) => toClaimed(dialect, row));
}

/**
 * The part of `claimed` no older unsent record of the same key holds back (see `filterByKey`), found
 * with one grouped read of the key index: for each claimed key, the oldest unsent row neither claimed
 * nor in `inFlight` (records this relay publishes in an earlier batch, which it orders first).
 */
export async function dropHeldBack(manager: EntityManager, claimed: readonly ClaimedOutboxRecord[], inFlight?: ReadonlySet<string>): Promise<ClaimedOutboxRecord[]> {
  const { keys, maxId } = keysOf(claimed);
  if (keys.length === 0 || maxId === undefined) return [...claimed];
  const ours = claimed.map((record) => record.id);
  if (inFlight) for (const id of inFlight) if (id < maxId) ours.push(id);
  const { rows } = await runSql(
    manager,
    `SELECT partition_key, MIN(id) AS oldest FROM jetbox_outbox
     WHERE partition_key IN (${placeholders(keys.length)}) AND sent_at IS NULL AND id < ? AND id NOT IN (${placeholders(ours.length)})
     GROUP BY partition_key`,
    [...keys, maxId, ...ours],
  );
  const oldestOutside = new Map(rows.map((row) => [String(row['partition_key']), String(row['oldest'])]));
  return filterByKey(claimed, oldestOutside);
}

/** Marks `result.sent` sent and records each failure; ids outside `claimedIds` are ignored. */
export async function recordOutcome(
  manager: EntityManager,
  dialect: SqlDialect,
  claimedIds: ReadonlySet<string>,
  result: RelayBatchResult,
  now: Date,
): Promise<{ sent: number; failed: number }> {
  const sent = [...new Set(result.sent)].filter((id) => claimedIds.has(id));
  const sentSet = new Set(sent);
  const failed = result.failed.filter((failure) => claimedIds.has(failure.id) && !sentSet.has(failure.id));
  if (sent.length > 0) {
    await runSql(manager, `UPDATE jetbox_outbox SET sent_at = ? WHERE id IN (${placeholders(sent.length)})`, [toDbTime(dialect, now), ...sent]);
  }
  for (const failure of failed) {
    await runSql(manager, 'UPDATE jetbox_outbox SET attempts = attempts + 1, last_error = ?, available_at = ? WHERE id = ?', [
      failure.error.slice(0, MAX_ERROR_LENGTH),
      toDbTime(dialect, failure.retryAt),
      failure.id,
    ]);
  }
  return { sent: sent.length, failed: failed.length };
}

function toClaimed(dialect: SqlDialect, row: Record<string, unknown>): ClaimedOutboxRecord {
  const payload = row['payload'];
  const key = row['partition_key'];
  return {
    id: String(row['id']),
    subject: String(row['subject']),
    headers: JSON.parse(String(row['headers'])) as Record<string, string>,
    payload: toBytes(payload),
    ...(key === null || key === undefined ? {} : { key: String(key) }),
    availableAt: fromDbTime(dialect, row['available_at']),
    attempts: Number(row['attempts']),
  };
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'binary');
  throw new TypeError(`expected the payload column as bytes, got ${typeof value}`);
}
