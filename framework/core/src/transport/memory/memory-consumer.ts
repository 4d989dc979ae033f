import { JetboxError } from '../../errors';
import type { ConsumerSpec, Delivery } from '../../ports';
import type { MemoryStream, StoredMessage } from './memory-stream';

/** Node fires longer timers at once; such waits are clamped to about 24.8 days. */
const MAX_TIMER_MS = 2_147_483_647;

function startTimer(ms: number, callback: () => void): NodeJS.Timeout {
  return setTimeout(callback, Math.min(ms, MAX_TIMER_MS)).unref();
}

/** One read waiting on a consumer: it is handed exactly one delivery, or told that reading has ended. */
export interface DeliveryWaiter {
  deliver(delivery: Delivery): void;
  end(): void;
}

/** A delivered message not yet acknowledged, terminated or given up. */
interface PendingMessage {
  readonly seq: number;
  deliveries: number;
  /** `out`: with a reader, ack timer running. `delayed`: nakked, waiting out its delay. `due`: queued for redelivery. */
  phase: 'out' | 'delayed' | 'due';
  timer: NodeJS.Timeout | undefined;
}

/**
 * A durable consumer's state, shared by every subscription on it: which stream sequence comes next
 * (deliver all, from the first message), which deliveries await an ack, and which are due again.
 * Readers are served first come, first served; each message goes to one reader at a time.
 * Redeliveries go before new messages; new messages go in stream order and only while fewer than
 * `maxAckPending` are pending.
 */
export class MemoryConsumer {
  private cursor = 1;
  private readonly pending = new Map<number, PendingMessage>();
  private readonly due: number[] = [];
  private readonly waiters: DeliveryWaiter[] = [];
  private closed = false;

  constructor(
    private readonly stream: MemoryStream,
    private spec: ConsumerSpec,
  ) {}

  /** The settings in force: those of the last `ensureConsumer`. */
  get config(): ConsumerSpec {
    return this.spec;
  }

  /** Applies new settings to later deliveries; ack timers already running keep their deadline. */
  reconfigure(spec: ConsumerSpec): void {
    this.spec = spec;
    this.dispatch();
  }

  /** Queues `waiter` for the next delivery; ends it at once when the consumer is closed. */
  request(waiter: DeliveryWaiter): void {
    if (this.closed) {
      waiter.end();
      return;
    }
    this.waiters.push(waiter);
    this.dispatch();
  }

  /** Withdraws a waiter that has not been served; it is neither delivered to nor ended. */
  cancel(waiter: DeliveryWaiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  /** Serves waiting readers with whatever is deliverable now. Call after the stream stored a message. */
  dispatch(): void {
    while (!this.closed && this.waiters.length > 0) {
      const delivery = this.nextDelivery();
      if (!delivery) return;
      this.waiters.shift()!.deliver(delivery);
    }
  }

  /** Stops every timer and ends every waiting reader; later acks, naks and terms reject. Idempotent. */
  close(): void {
    this.closed = true;
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
    this.due.length = 0;
    this.waiters.splice(0).forEach((waiter) => waiter.end());
  }

  private nextDelivery(): Delivery | undefined {
    while (this.due.length > 0) {
      const entry = this.pending.get(this.due.shift()!);
      if (!entry || entry.phase !== 'due') continue;
      const message = this.stream.get(entry.seq);
      if (message) return this.deliver(entry, message);
      // The stream's limits removed it: there is nothing left to redeliver.
      this.pending.delete(entry.seq);
    }
    if (this.pending.size >= this.spec.maxAckPending) return undefined;
    const message = this.stream.firstMatching(this.cursor, this.spec.filterSubject);
    this.cursor = message ? message.seq + 1 : this.stream.nextSeq;
    if (!message) return undefined;
    const entry: PendingMessage = { seq: message.seq, deliveries: 0, phase: 'out', timer: undefined };
    this.pending.set(entry.seq, entry);
    return this.deliver(entry, message);
  }

  private deliver(entry: PendingMessage, message: StoredMessage): Delivery {
    entry.deliveries++;
    entry.phase = 'out';
    this.startAckTimer(entry);
    const { seq } = entry;
    const count = entry.deliveries;
    return {
      stream: this.stream.config.name,
      subject: message.subject,
      headers: { ...message.headers },
      data: message.data.slice(),
      deliveryCount: count,
      streamSequence: seq,
      ack: async () => this.finish(seq),
      term: async () => this.finish(seq),
      nak: async (delayMs: number) => {
        const entry = this.current(seq, count);
        if (!entry) return;
        clearTimeout(entry.timer);
        this.retry(entry, delayMs);
      },
      working: async () => {
        const entry = this.current(seq, count);
        if (entry) this.startAckTimer(entry);
      },
    };
  }

  /** The pending message when delivery `count` of `seq` is still the one out; a stale delivery's nak or working is ignored. */
  private current(seq: number, count: number): PendingMessage | undefined {
    this.assertOpen();
    const entry = this.pending.get(seq);
    return entry && entry.deliveries === count && entry.phase === 'out' ? entry : undefined;
  }

  /** Ack and term from any delivery of the message settle it: it is not delivered again. */
  private finish(seq: number): void {
    this.assertOpen();
    const entry = this.pending.get(seq);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(seq);
    this.dispatch();
  }

  private startAckTimer(entry: PendingMessage): void {
    clearTimeout(entry.timer);
    const backoff = this.spec.backoffMs ?? [];
    const waitMs =
      backoff.length > 0 ? backoff[Math.min(entry.deliveries, backoff.length) - 1] : this.spec.ackWaitMs;
    entry.timer = startTimer(waitMs, () => {
      entry.timer = undefined;
      this.retry(entry, 0);
    });
  }

  /** Schedules the next delivery, or gives the message up once it was delivered `maxDeliver` times. */
  private retry(entry: PendingMessage, delayMs: number): void {
    if (entry.deliveries >= this.spec.maxDeliver) {
      this.pending.delete(entry.seq);
      this.dispatch();
    } else if (delayMs > 0) {
      entry.phase = 'delayed';
      entry.timer = startTimer(delayMs, () => {
        entry.timer = undefined;
        this.makeDue(entry);
      });
    } else {
      this.makeDue(entry);
    }
  }

  private makeDue(entry: PendingMessage): void {
    entry.phase = 'due';
    this.due.push(entry.seq);
    this.dispatch();
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new JetboxError(
        'STOPPED',
        `consumer '${this.spec.durable}' on stream '${this.spec.stream}' is closed: the transport was closed`,
      );
    }
  }
}
