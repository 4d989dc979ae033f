import { JetboxError, type Delivery } from '@jetbox/core';
import type { JsMsg } from 'nats';
import type { AckBatcher } from './ack.batcher';
import { readDeliveryNumbers, readHeaders } from './jsmsg.reader';
import { causeText } from './nats-error.translate';

/**
 * One JetStream delivery as the core sees it. Settling calls (`ack`, `nak`, `term`) are fire and
 * forget: they resolve once the acknowledgement is written to the connection (or buffered while it
 * reconnects), not when the server confirms it. A lost acknowledgement means a redelivery, which the
 * core's idempotency handles. Only the first settling call counts; later ones do nothing.
 */
export class JetStreamDelivery implements Delivery {
  readonly stream: string;
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
  readonly deliveryCount: number;
  readonly streamSequence: number;

  /**
   * @param stream the stream the consumer reads, which every one of its deliveries comes from.
   * @param termWithReason whether the server understands `+TERM <reason>`. Servers before 2.11 do not,
   *   and silently ignore it (the message stays pending and is redelivered), so the reason is dropped.
   */
  constructor(
    private readonly msg: JsMsg,
    stream: string,
    private readonly termWithReason: boolean,
    private readonly acks?: AckBatcher,
  ) {
    const numbers = readDeliveryNumbers(msg);
    this.stream = stream;
    this.subject = msg.subject;
    this.headers = readHeaders(msg);
    this.data = msg.data;
    this.deliveryCount = numbers.deliveryCount;
    this.streamSequence = numbers.streamSequence;
  }

  /**
   * Acknowledge: the consumer never delivers this message again. With a batcher, the ack is written
   * with the others of this event-loop turn, in the next one.
   */
  async ack(): Promise<void> {
    if (!this.acks) return this.send('ack', () => this.msg.ack());
    await this.acks.enqueue(() => this.send('ack', () => this.msg.ack()));
  }

  /** Deliver again after `delayMs` (0: at once), ignoring the consumer's backoff. */
  async nak(delayMs: number): Promise<void> {
    const delay = Math.max(0, Math.round(delayMs));
    this.send('nak', () => this.msg.nak(delay));
  }

  /** Never deliver again; the reason reaches the server's advisory on servers ≥ 2.11. */
  async term(reason: string): Promise<void> {
    this.send('term', () => (this.termWithReason && reason ? this.msg.term(reason) : this.msg.term()));
  }

  /** Restart the ack timer (`+WPI`); may be called many times before settling. */
  async working(): Promise<void> {
    this.send('working', () => this.msg.working());
  }

  private send(what: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      throw new JetboxError('TRANSPORT', `cannot ${what} ${this.stream} #${this.streamSequence} ('${this.subject}'): ${causeText(error)}`, { cause: error });
    }
  }
}

/** True when a server of this version applies `+TERM <reason>` (2.11.0 and later). */
export function supportsTermReason(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map((part) => Number.parseInt(part, 10));
  return major > 2 || (major === 2 && minor >= 11);
}
