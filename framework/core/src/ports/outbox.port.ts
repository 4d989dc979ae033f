/**
 * The port a transactional outbox implements (TypeORM: `@jetbox/typeorm`). The store owns the
 * tables, transactions and locking; the core owns what is written (envelopes) and the relay loop
 * (publishing, per-key order, backoff). Guarantees: records written in a transaction become visible
 * to the relay only if it commits; a relay publishes a record at least once; records of one key are
 * handed to one relay at a time, oldest first.
 */

/** A message written to the outbox, published later by a relay. */
export interface OutboxRecord {
  /** The message id: `ce-id`, `Nats-Msg-Id` and the row's primary key. UUIDv7. */
  readonly id: string;
  readonly subject: string;
  /** Wire headers, `ce-*` included (not `Nats-Msg-Id`, which is the id). */
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Uint8Array;
  /** Partition key: records of one key are published in commit order. */
  readonly key?: string;
  /** Not published before this time. */
  readonly availableAt: Date;
}

/** A record a relay has claimed. */
export interface ClaimedOutboxRecord extends OutboxRecord {
  /** Failed publish attempts so far. */
  readonly attempts: number;
}

/** An open database transaction. `manager` is the driver's handle for the caller's own writes. */
export interface OutboxTransaction<M = unknown> {
  readonly manager: M;
}

/** What a relay did with a claimed batch. Records in neither list are released unchanged. */
export interface RelayBatchResult {
  readonly sent: readonly string[];
  readonly failed: ReadonlyArray<{ readonly id: string; readonly error: string; readonly retryAt: Date }>;
}

/** How many records wait, and for how long the oldest has. */
export interface OutboxBacklog {
  readonly unsent: number;
  readonly oldestUnsentAgeMs: number | null;
}

/** What `relay` tells `publish` about its claim. */
export interface RelayClaim {
  /** The claim came back full (before the key filter): more records may be due right now. */
  readonly more: boolean;
  /** The greatest id claimed (before the key filter): the `after` of the next batch of a drain. */
  readonly lastId?: string;
}

/** Options of one relay batch. */
export interface RelayBatchOptions {
  /**
   * Claim only records whose id is greater: a drain's cursor. Records below it that become due
   * meanwhile wait for the next drain, which starts without one.
   */
  readonly after?: string;
  /**
   * Ids of records this relay claimed in an earlier batch that has not committed yet. They do not
   * hold later records of their keys back: the caller publishes those only after them.
   */
  readonly inFlight?: ReadonlySet<string>;
}

/** What one relay batch did. */
export interface RelayCounts {
  /** Records handed to `publish` (after the key filter). */
  readonly claimed: number;
  readonly sent: number;
  readonly failed: number;
  /** The claim came back full: more records may be due; relay again. */
  readonly more: boolean;
  /** The greatest id claimed, when any was. */
  readonly lastId?: string;
}

/** A transactional outbox and inbox over one database. */
export interface OutboxStore<M = unknown> {
  /** Short name for logs and the start-up line: `MariaDB at 127.0.0.1:3306/test`, `SQLite (file)`. */
  describe(): string;
  /**
   * Runs `work` in a new transaction: commits when it resolves, rolls back when it throws. With
   * `join`, runs `work` inside that open transaction instead (its owner commits).
   */
  transaction<T>(work: (tx: OutboxTransaction<M>) => Promise<T>, join?: OutboxTransaction<M>): Promise<T>;
  /** Writes records through `tx`: they exist if, and only if, `tx` commits. */
  write(tx: OutboxTransaction<M>, records: readonly OutboxRecord[]): Promise<void>;
  /**
   * In one transaction: claims up to `limit` unsent records that are due, oldest first, skipping
   * rows other relays hold (`FOR UPDATE SKIP LOCKED`) and any record whose key has an older unsent
   * record not in this batch; calls `publish`; marks the sent ones sent, records the failures'
   * attempts, error and retry time; commits. Retries the whole batch on a deadlock or lock-wait
   * timeout. Resolves with what happened. `options.inFlight` names records this relay is still
   * publishing in an earlier batch: they are skipped (locked) but hold no key back, because the
   * relay orders this batch's records of a key after them.
   */
  relay(limit: number, publish: (records: readonly ClaimedOutboxRecord[], claim: RelayClaim) => Promise<RelayBatchResult>, options?: RelayBatchOptions): Promise<RelayCounts>;
  backlog(): Promise<OutboxBacklog>;
  /** Deletes up to `limit` records sent before `before`; resolves with how many. */
  pruneSent(before: Date, limit: number): Promise<number>;
  /**
   * Marks up to `limit` records sent at or after `from` and before `to` unsent again and due now,
   * so the relay publishes them once more (same ids, so the stream's duplicate window and the inbox
   * absorb what the broker still has). Resolves with how many.
   */
  resendSent(from: Date, to: Date, limit: number): Promise<number>;
  /** Records `(consumer, messageId)` in `tx`; resolves false when it was already recorded. */
  recordInbox(tx: OutboxTransaction<M>, consumer: string, messageId: string): Promise<boolean>;
  /** Deletes up to `limit` inbox entries handled before `before`; resolves with how many. */
  pruneInbox(before: Date, limit: number): Promise<number>;
}
