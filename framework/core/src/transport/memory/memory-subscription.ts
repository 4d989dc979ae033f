import type { Delivery, Subscription } from '../../ports';
import type { DeliveryWaiter, MemoryConsumer } from './memory-consumer';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One reader of a durable consumer. It takes a message from the consumer only when `next()` is
 * called and hands it over at once, so it never holds a delivery that was pulled but not yielded:
 * `stop()` has nothing to release, and a stopped subscription leaves every message to the others.
 */
export class MemorySubscription implements Subscription, AsyncIterator<Delivery, undefined> {
  private stopped = false;
  private readonly reads = new Set<DeliveryWaiter>();

  constructor(private readonly consumer: MemoryConsumer) {}

  [Symbol.asyncIterator](): AsyncIterator<Delivery, undefined> {
    return this;
  }

  /** Resolves with the next delivery once one is available, or done once stopped or closed. */
  next(): Promise<IteratorResult<Delivery, undefined>> {
    if (this.stopped) return Promise.resolve(DONE);
    return new Promise((resolve) => {
      const read: DeliveryWaiter = {
        deliver: (delivery) => {
          this.reads.delete(read);
          resolve({ done: false, value: delivery });
        },
        end: () => {
          this.reads.delete(read);
          resolve(DONE);
        },
      };
      this.reads.add(read);
      this.consumer.request(read);
    });
  }

  /** Called by `for await` on `break` or `throw`: stops the subscription. */
  async return(): Promise<IteratorResult<Delivery, undefined>> {
    await this.stop();
    return DONE;
  }

  /** Ends the iteration: reads waiting now, and every later read, resolve done. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const read of [...this.reads]) {
      this.consumer.cancel(read);
      read.end();
    }
  }
}
