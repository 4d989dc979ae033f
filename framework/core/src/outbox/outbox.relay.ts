import type { Logger } from '../logging';
import type { ClaimedOutboxRecord, OutboxStore, RelayBatchResult, Transport } from '../ports';
import { RELAY_DEFAULTS, type RelayOptions } from './relay.options';

/**
 * Publishes what the outbox holds: claims a batch, publishes it with `Nats-Msg-Id` = record id,
 * checks every PubAck, marks the records sent, commits; repeats while batches come back full, then
 * waits for `wake()` (called after each local commit) or the poll interval. Records of one key are
 * published one at a time, in order, and a failure stops the rest of its key for this batch; other
 * keys go on. A crash anywhere repeats a publish, which the stream's duplicate window (and the
 * inbox) absorb. Several relays may run at once: the store hands each key to one of them.
 */
export class OutboxRelay {
  /** Counts since start: records published and marked sent, failed publishes, batches claimed. */
  readonly stats = { sent: 0, failed: 0, batches: 0 };
  private readonly options: Required<RelayOptions>;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private woken = false;
  private maintenance?: NodeJS.Timeout;

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: Transport,
    private readonly logger: Logger,
    options: RelayOptions = {},
  ) {
    this.options = { ...RELAY_DEFAULTS, ...options };
  }

  /** Starts relaying and the periodic pruning and backlog report. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.maintenance = setInterval(() => void this.maintain(), this.options.maintenanceIntervalMs);
    this.maintenance.unref();
  }

  /** Relays now: a commit just wrote records. Cheap; safe to call often. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Finishes the batch in progress, relays what is due once more, then stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.maintenance);
    this.wakeUp?.();
    await this.loop;
    await this.drainOnce();
  }

  /** Relays due records until a batch comes back short; resolves with how many were sent. */
  async drainOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const result = await this.store.relay(this.options.batchSize, (records) => this.publish(records));
      sent += result.sent;
      this.stats.sent += result.sent;
      this.stats.failed += result.failed;
      if (result.claimed > 0) this.stats.batches++;
      if (result.claimed < this.options.batchSize) return sent;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.woken = false;
      try {
        await this.drainOnce();
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.error({ err: error, failures }, 'outbox relay failed; retrying');
      }
      if (!this.running) return;
      if (this.woken && failures === 0) continue;
      const wait = failures > 0 ? Math.min(this.options.retryMaxDelayMs, 100 * 2 ** Math.min(failures, 10)) : this.options.pollIntervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** Publishes a claimed batch: each key's records in order, one at a time; keys side by side. */
  private async publish(records: readonly ClaimedOutboxRecord[]): Promise<RelayBatchResult> {
    const sent: string[] = [];
    const failed: Array<{ id: string; error: string; retryAt: Date }> = [];
    const chains = new Map<string, ClaimedOutboxRecord[]>();
    const unkeyed: ClaimedOutboxRecord[] = [];
    for (const record of records) {
      if (record.key === undefined) unkeyed.push(record);
      else (chains.get(record.key) ?? chains.set(record.key, []).get(record.key)!).push(record);
    }
    const send = async (record: ClaimedOutboxRecord): Promise<boolean> => {
      try {
        await this.transport.publish({ subject: record.subject, msgId: record.id, headers: record.headers, data: record.payload });
        sent.push(record.id);
        return true;
      } catch (error) {
        const delay = Math.min(this.options.retryMaxDelayMs, this.options.retryInitialDelayMs * 2 ** Math.min(record.attempts, 20));
        failed.push({ id: record.id, error: error instanceof Error ? error.message : String(error), retryAt: new Date(Date.now() + delay) });
        this.logger.warn({ messageId: record.id, subject: record.subject, attempts: record.attempts + 1, err: error }, 'outbox record not published; will retry');
        return false;
      }
    };
    await Promise.all([
      ...unkeyed.map(send),
      ...[...chains.values()].map(async (chain) => {
        for (const record of chain) if (!(await send(record))) return;
      }),
    ]);
    return { sent, failed };
  }

  private async maintain(): Promise<void> {
    try {
      const now = Date.now();
      await this.store.pruneSent(new Date(now - this.options.retentionMs), 1_000);
      await this.store.pruneInbox(new Date(now - this.options.inboxRetentionMs), 1_000);
      const backlog = await this.store.backlog();
      const fields = { unsent: backlog.unsent, oldestUnsentAgeMs: backlog.oldestUnsentAgeMs };
      if (backlog.oldestUnsentAgeMs !== null && backlog.oldestUnsentAgeMs > this.options.backlogWarnAgeMs) {
        this.logger.warn(fields, 'outbox backlog is old: unsent records near the stream duplicate window; check the relay and the broker');
      } else if (backlog.unsent > 0) {
        this.logger.info(fields, 'outbox backlog');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox maintenance failed; will try again');
    }
  }
}
