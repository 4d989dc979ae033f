/** Counts permits; `acquire()` waits while none is free. Used to bound handler concurrency. */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];

  constructor(readonly permits: number) {
    this.available = permits;
  }

  /** Permits in use. */
  get inUse(): number {
    return this.permits - this.available;
  }

  /** Resolves with a permit; waiters are served first come, first served. */
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      next();
      return;
    }
    this.available++;
    if (this.available === this.permits) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      idle.forEach((resolve) => resolve());
    }
  }

  /** Resolves once every permit is free. */
  idle(): Promise<void> {
    if (this.inUse === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
