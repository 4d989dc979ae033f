import { delay, withTimeout, type Delivery, type Subscription } from '@jetbox/core';
import { waitFor } from '../wait-for';

/** A delivery and when it arrived, on the monotonic clock (`performance.now()`). */
export interface ReceivedDelivery {
  readonly delivery: Delivery;
  readonly receivedAt: number;
}

/** Options for {@link DeliveryCollector}. */
export interface DeliveryCollectorOptions {
  /** Ack each delivery as soon as it is recorded. Default false: the test settles them. */
  readonly autoAck?: boolean;
}

/**
 * Reads a subscription in the background as fast as it yields, recording every delivery with its
 * arrival time, so a test can wait for deliveries with a deadline, or prove that none arrive within
 * a bounded window. An error from the subscription or an ack is rethrown by the next wait.
 */
export class DeliveryCollector {
  /** Every delivery so far, in arrival order. */
  readonly received: ReceivedDelivery[] = [];
  private failure: { readonly error: unknown } | undefined;
  private ended = false;
  private readonly pumping: Promise<void>;

  constructor(
    readonly subscription: Subscription,
    private readonly options: DeliveryCollectorOptions = {},
  ) {
    this.pumping = this.pump();
  }

  /** True once the subscription's iteration has ended. */
  get hasEnded(): boolean {
    return this.ended;
  }

  /**
   * Resolves with the first `count` deliveries once that many have arrived; rejects after `timeoutMs`
   * (default 5 000), or with the subscription's error.
   */
  async waitForCount(count: number, timeoutMs = 5_000): Promise<ReceivedDelivery[]> {
    await waitFor(() => this.failure !== undefined || this.received.length >= count, {
      timeoutMs,
      description: `${count} deliveries (received ${this.received.length})`,
    });
    this.rethrow();
    return this.received.slice(0, count);
  }

  /** Waits `windowMs`, then resolves with how many deliveries have arrived in all. */
  async countAfter(windowMs: number): Promise<number> {
    await delay(windowMs);
    this.rethrow();
    return this.received.length;
  }

  /** Stops the subscription and resolves once its iteration has ended; rejects after `timeoutMs`. */
  async stop(timeoutMs = 5_000): Promise<void> {
    await this.subscription.stop();
    await withTimeout(
      this.pumping,
      timeoutMs,
      () => new Error(`the subscription did not end within ${timeoutMs} ms of stop()`),
    );
    this.rethrow();
  }

  private async pump(): Promise<void> {
    try {
      for await (const delivery of this.subscription) {
        this.received.push({ delivery, receivedAt: performance.now() });
        if (this.options.autoAck) await delivery.ack();
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.ended = true;
    }
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
