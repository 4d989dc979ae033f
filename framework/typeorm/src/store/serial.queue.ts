import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs tasks one at a time, in call order. SQLite through TypeORM has one connection per DataSource:
 * two transactions at once would nest on it, so the store queues its own.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<{ done: boolean }>();

  /**
   * Resolves or rejects as `task` does, after every task queued before it has settled. Called from
   * inside a running task it rejects at once (waiting would never end), with `nestedMessage`.
   */
  run<T>(task: () => Promise<T>, nestedMessage = 'a task of this queue cannot wait for another one'): Promise<T> {
    // Only while the enclosing task runs: work it started in the background may queue later.
    if (this.inside.getStore()?.done === false) return Promise.reject(new Error(nestedMessage));
    const guarded = async () => {
      const running = { done: false };
      try {
        return await this.inside.run(running, task);
      } finally {
        running.done = true;
      }
    };
    const result = this.tail.then(guarded, guarded);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
