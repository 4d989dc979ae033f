import type { EnvelopeAttributes } from '../envelope';
import type { Delivery } from '../ports';

/**
 * One delivery being handled. It is settled (acked, nak'ed or dead-lettered) exactly once, by
 * whichever comes first: the handler's outcome, its deadline, or shutdown. The abort signal is made
 * only when someone asks for it, since most handlers never do.
 */
export class DeliveryFlight {
  settled = false;
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly delivery: Delivery,
    readonly envelope: EnvelopeAttributes,
    readonly startedAt: number,
  ) {}

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** Marks the flight settled; false if it already was (the caller must then do nothing). */
  settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.clearDeadline();
    return true;
  }

  /** Calls `onExpired` after `ms` unless re-armed, cleared or settled first. */
  armDeadline(ms: number, onExpired: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(onExpired, ms);
  }

  clearDeadline(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  abort(reason: Error): void {
    this.controller ??= new AbortController();
    this.controller.abort(reason);
  }
}
