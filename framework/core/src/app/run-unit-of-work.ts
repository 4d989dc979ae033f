import { OutboxUnitOfWork } from '../pipeline/unit-of-work';
import type { OutboxStore } from '../ports';
import type { MessagePublisher } from './message.publisher';

/**
 * Runs `work` in a new transaction of `store` with a unit of work; what it published is written to
 * the outbox in that transaction. After the commit, `afterCommit` runs if anything was written.
 */
export async function runUnitOfWork<T>(
  store: OutboxStore,
  publisher: MessagePublisher,
  check: (message: object) => void,
  afterCommit: () => void,
  work: (uow: OutboxUnitOfWork) => Promise<T>,
): Promise<T> {
  let wrote = false;
  const result = await store.transaction(async (tx) => {
    const uow = new OutboxUnitOfWork(tx, check);
    const value = await work(uow);
    if (uow.pending.length > 0) {
      await store.write(tx, await publisher.prepareRecords(uow.pending));
      wrote = true;
    }
    return value;
  });
  if (wrote) afterCommit();
  return result;
}
