import { newMessageId, type ClaimedOutboxRecord, type OutboxRecord, type RelayBatchResult } from '@jetbox/core';
import type { DataSource } from 'typeorm';
import { dialectOf, fromDbTime } from '../store/dialect';

/** A record due now (or at `availableAt`), with a fresh UUIDv7 id. */
export function outboxRecord(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  const id = overrides.id ?? newMessageId();
  return {
    id,
    subject: 'test.thing.happened.v1',
    headers: { 'ce-id': id, 'content-type': 'application/json' },
    payload: new TextEncoder().encode(JSON.stringify({ id })),
    availableAt: new Date(Date.now() - 1),
    ...overrides,
  };
}

/** A publish callback that reports every record sent. */
export async function sendAll(records: readonly ClaimedOutboxRecord[]): Promise<RelayBatchResult> {
  return { sent: records.map((record) => record.id), failed: [] };
}

/** A row of `jetbox_outbox` as the tests read it. */
export interface OutboxRow {
  id: string;
  attempts: number;
  lastError: string | null;
  availableAt: Date;
  sentAt: Date | null;
}

/** Every outbox row, in id order. */
export async function outboxRows(dataSource: DataSource): Promise<OutboxRow[]> {
  const dialect = dialectOf(dataSource.options);
  const rows: Record<string, unknown>[] = await dataSource.query('SELECT id, attempts, last_error, available_at, sent_at FROM jetbox_outbox ORDER BY id');
  return rows.map((row) => ({
    id: String(row['id']),
    attempts: Number(row['attempts']),
    lastError: row['last_error'] === null ? null : String(row['last_error']),
    availableAt: fromDbTime(dialect, row['available_at']),
    sentAt: row['sent_at'] === null ? null : fromDbTime(dialect, row['sent_at']),
  }));
}

/** Empties both tables. */
export async function clearTables(dataSource: DataSource): Promise<void> {
  await dataSource.query('DELETE FROM jetbox_outbox');
  await dataSource.query('DELETE FROM jetbox_inbox');
}
