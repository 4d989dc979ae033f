/**
 * Runs tasks one at a time, in call order. SQLite through TypeORM has one connection per DataSource:
 * two transactions at once would nest on it, so the store queues its own.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Resolves or rejects as `task` does, after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
