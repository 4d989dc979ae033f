import type { NatsConnection } from 'nats';

/** Runs one SQL statement and resolves with its rows. */
export type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** The first column of the first row, as a number (MariaDB returns counts as strings). */
export async function scalar(query: Query, sql: string): Promise<number> {
  return Number(Object.values((await query(sql))[0] as object)[0]);
}

/** True when the outbox has nothing unsent and the consumer nothing pending or unacknowledged. */
export async function outboxQuiet(query: Query, nc: NatsConnection, stream: string, durable: string): Promise<boolean> {
  const unsent = await scalar(query, 'SELECT COUNT(*) FROM jetbox_outbox WHERE sent_at IS NULL');
  const info = await (await nc.jetstreamManager()).consumers.info(stream, durable).catch(() => undefined);
  return unsent === 0 && info !== undefined && info.num_pending === 0 && info.num_ack_pending === 0;
}

/**
 * Compares the committed credits (`credit_log`) with the handler's effects (`load_effect`, no
 * unique key, so a double effect shows): each count is 0 when every credit had exactly one effect.
 */
export async function exactlyOnceReport(query: Query): Promise<{ lost: number; doubled: number; stray: number; surplus: number }> {
  const [row] = await query(`SELECT
    (SELECT COUNT(*) FROM credit_log c WHERE NOT EXISTS (SELECT 1 FROM load_effect e WHERE e.message_id = c.message_id)) AS lost,
    (SELECT COUNT(*) FROM (SELECT message_id FROM load_effect GROUP BY message_id HAVING COUNT(*) > 1) d) AS doubled,
    (SELECT COUNT(*) FROM load_effect e WHERE NOT EXISTS (SELECT 1 FROM credit_log c WHERE c.message_id = e.message_id)) AS stray,
    (SELECT COUNT(*) FROM load_effect) - (SELECT COUNT(*) FROM credit_log) AS surplus`);
  return { lost: Number(row!.lost), doubled: Number(row!.doubled), stray: Number(row!.stray), surplus: Number(row!.surplus) };
}

/** Deletes a test's stream and its dead-letter stream (if they exist), then closes the connection. */
export async function deleteStreamsAndClose(nc: NatsConnection | undefined, stream: string): Promise<void> {
  if (!nc) return;
  const jsm = await nc.jetstreamManager();
  for (const s of [stream, `${stream}_DLQ`]) await jsm.streams.delete(s).catch(() => false);
  await nc.close();
}
