import type { Logger } from '../logging';
import type { ClaimedOutboxRecord, OutboxStore, RelayBatchResult, RelayCounts, Transport } from '../ports';
import { RELAY_DEFAULTS, type RelayOptions } from './relay.options';

/** Batches a drain goes on from its cursor before it starts over from the oldest record. */
const CURSOR_LAP = 16;

/** A relay batch in flight: claimed, publishing, not yet committed. */
class InFlightBatch {
  /** Ids handed to publish by the latest attempt of this batch. */
  readonly ids = new Set<string>();
  /** Per key: resolves true once every record of the key in this batch was published. */
  readonly keys = new Map<string, Promise<boolean>>();
  /** The claim came back full: more may be due. */
  more = false;
  /** The greatest id claimed: where the next batch of the drain starts. */
  lastId?: string;
  /** Resolves once the claim is known (publish was called) or the batch ended without one. */
  readonly claimed: Promise<void>;
  readonly markClaimed: () => void;
  /** The batch's counts, after its commit. Set by the relay right after construction. */
  done!: Promise<RelayCounts>;

  constructor() {
    let resolve!: () => void;
    this.claimed = new Promise<void>((r) => (resolve = r));
    this.markClaimed = resolve;
  }
}

/**
 * Publishes what the outbox holds: claims a batch, publishes it with `Nats-Msg-Id` = record id,
 * checks every PubAck, marks the records sent, commits; repeats while batches come back full, then
 * waits for `wake()` (called after each local commit) or the poll interval. Two batches overlap:
 * the next claims and publishes while the previous one publishes and commits. Records of one key
 * are published one at a time, in order, across batches too, and a failure stops the rest of its
 * key (in this batch and the next); other keys go on. A crash
 * anywhere repeats a publish, which the stream's duplicate window (and the inbox) absorb. Several
 * relays may run at once: the store hands each key to one of them.
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
  private readonly wakeListeners = new Set<() => void>();

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
    for (const listener of this.wakeListeners) listener();
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

  /**
   * Relays due records until a claim comes back short and no commit wakes the relay before that
   * batch commits (a wake starts the next claim at once, overlapping); resolves with how many were
   * sent.
   */
  async drainOnce(): Promise<number> {
    let sent = 0;
    const tally = (counts: RelayCounts): void => {
      sent += counts.sent;
      this.stats.sent += counts.sent;
      this.stats.failed += counts.failed;
      if (counts.claimed > 0) this.stats.batches++;
    };
    const inFlight: InFlightBatch[] = [];
    try {
      let previous: InFlightBatch | undefined;
      for (let lap = 0; ; lap++) {
        this.woken = false;
        const batch = this.startBatch(previous, lap);
        inFlight.push(batch);
        await batch.claimed;
        if (previous) tally(await inFlight.shift()!.done);
        previous = batch;
        if (!batch.more && !this.woken && !(await this.wokenBefore(batch.done))) break;
      }
      tally(await inFlight.shift()!.done);
      return sent;
    } finally {
      await Promise.allSettled(inFlight.map((batch) => batch.done));
    }
  }

  /** True when `wake()` is called before `settled` settles (then the next claim overlaps it). */
  private wokenBefore(settled: Promise<unknown>): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const listener = () => resolve(true);
      this.wakeListeners.add(listener);
      void settled
        .catch(() => undefined)
        .finally(() => {
          this.wakeListeners.delete(listener);
          resolve(false);
        });
    });
  }

  /**
   * Starts one batch; it may overlap `previous`: its claim skips the rows `previous` holds, and its
   * records of a key wait for `previous`'s records of that key to be published.
   */
  private startBatch(previous: InFlightBatch | undefined, lap: number): InFlightBatch {
    const batch = new InFlightBatch();
    // Go on from the previous claim only while claims come back full, and start over every lap:
    // a record committed late with a lower id is never passed over for long.
    const after = previous?.more && lap % CURSOR_LAP !== 0 ? previous.lastId : undefined;
    batch.done = this.store
      .relay(
        this.options.batchSize,
        async (records, claim) => {
          batch.ids.clear();
          for (const record of records) batch.ids.add(record.id);
          batch.more = claim.more;
          batch.lastId = claim.lastId;
          batch.markClaimed();
          // Never wait here for `previous` to commit: this transaction may hold a lock its UPDATE
          // needs (InnoDB keeps a secondary-index lock a skipped row took), a wait the database
          // cannot see. Publish order is what keys need; a crash before `previous` commits only
          // repeats its publishes.
          return this.publish(records, previous, batch.keys);
        },
        previous ? { inFlight: previous.ids, ...(after === undefined ? {} : { after }) } : {},
      )
      .then((counts) => {
        batch.more = counts.more;
        batch.lastId = counts.lastId;
        return counts;
      })
      .finally(batch.markClaimed);
    // Awaited by drainOnce, possibly after another batch: never an unhandled rejection meanwhile.
    batch.done.catch(() => undefined);
    return batch;
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

  /**
   * Publishes a claimed batch: each key's records in order, one at a time, after `previous`'s
   * records of that key succeeded; keys side by side. Fills `keys` (synchronously) with each key's
   * outcome, for the batch after this one.
   */
  private async publish(records: readonly ClaimedOutboxRecord[], previous: InFlightBatch | undefined, keys: Map<string, Promise<boolean>>): Promise<RelayBatchResult> {
    const sent: string[] = [];
    const failed: Array<{ id: string; error: string; retryAt: Date }> = [];
    const chains = new Map<string, ClaimedOutboxRecord[]>();
    const unkeyed: Array<Promise<boolean>> = [];
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
    for (const record of records) {
      if (record.key === undefined) unkeyed.push(send(record));
      else (chains.get(record.key) ?? chains.set(record.key, []).get(record.key)!).push(record);
    }
    keys.clear();
    for (const [key, chain] of chains) {
      const before = previous?.keys.get(key);
      keys.set(
        key,
        (async () => {
          if (before && !(await before)) return false;
          for (const record of chain) if (!(await send(record))) return false;
          return true;
        })(),
      );
    }
    await Promise.all([...unkeyed, ...keys.values()]);
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
