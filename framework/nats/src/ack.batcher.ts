/**
 * Writes acknowledgements, and the pull requests sent as they are read, in batches: calls queued during one turn of the event loop run together
 * in the next (`setImmediate`), so the client puts them in one socket write instead of one each.
 * Handlers finish one by one in separate microtasks, and the client flushes after each microtask, so
 * without this every ack costs a write of its own — the largest cost of consuming at high rates.
 * An ack waits at most one event-loop turn; if the process dies in that turn, the message is
 * redelivered, as it would be for an ack lost on the wire.
 */
export class AckBatcher {
  private queue: Array<{ run: () => void; settle: (error?: unknown) => void }> = [];
  private scheduled = false;

  /** Runs `run` in the next batch; resolves once it ran, rejects with what it threw. */
  enqueue(run: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ run, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Runs `action` in the next batch, after what is queued before it; `onError` gets what it throws.
   * Pull requests go through here so that they share the acknowledgements' socket write.
   */
  defer(action: () => void, onError: (error: unknown) => void): void {
    this.queue.push({ run: action, settle: (error) => error !== undefined && onError(error) });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Runs everything queued now. Called by the scheduled turn, and before the connection closes. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const item of batch) {
      try {
        item.run();
        item.settle();
      } catch (error) {
        item.settle(error ?? new Error('acknowledgement failed'));
      }
    }
  }
}
