import type { HandlesOptions } from '@jetbox/core';

/**
 * How every banking handler runs: idempotent (the inbox, the default with an outbox), 8 at a time
 * per process, and quick retries — a crash or a lock conflict costs a redelivery, never a dead
 * letter. `timeoutMs` also sets how soon a message held by a killed process is redelivered (its ack
 * wait is `timeoutMs` + 2 s).
 */
export const HANDLER_OPTIONS: HandlesOptions = { concurrency: 8, timeoutMs: 5_000, retry: { maxDeliver: 30, initialDelayMs: 100, maxDelayMs: 2_000 } };
