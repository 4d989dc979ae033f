import { subjectMatches } from '../../util';
import type { ResolvedStreamConfig } from './memory-config';

/** A message as the stream keeps it. Never mutated; deliveries hand out copies. */
export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
  /** Bytes counted against `maxBytes`. */
  readonly size: number;
  /** On the monotonic clock the stream was given. */
  readonly storedAt: number;
}

/** What a publish hands to the stream; the stream keeps `headers` and `data` as given, so copy first. */
export interface IncomingMessage {
  readonly subject: string;
  readonly msgId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
}

/** Bytes the headers take on the NATS wire (`NATS/1.0` block), 0 when there are none. */
export function wireHeaderSize(headers: Readonly<Record<string, string>>): number {
  const entries = Object.entries(headers);
  if (entries.length === 0) return 0;
  const lines = entries.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.byteLength(`NATS/1.0\r\n${lines}\r\n`);
}

/**
 * One stream: an append-only log with sequence numbers from 1, the limits of its config applied by
 * discarding the oldest messages, and a duplicate window keyed by message id. Sequences are never
 * reused, so stored messages are contiguous from the oldest kept to the newest.
 */
export class MemoryStream {
  private readonly messages: StoredMessage[] = [];
  private readonly recentIds = new Map<string, { readonly seq: number; readonly at: number }>();
  private lastSeq = 0;
  private bytes = 0;

  constructor(
    private current: ResolvedStreamConfig,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The settings in force, defaults filled in. */
  get config(): ResolvedStreamConfig {
    return this.current;
  }

  /** The sequence the next stored message will get. */
  get nextSeq(): number {
    return this.lastSeq + 1;
  }

  /** True when a publish to the concrete `subject` lands in this stream. */
  captures(subject: string): boolean {
    return this.current.subjects.some((pattern) => subjectMatches(pattern, subject));
  }

  /** Applies new settings; tighter limits discard the oldest messages at once. */
  reconfigure(config: ResolvedStreamConfig): void {
    this.current = config;
    this.enforceLimits();
  }

  /**
   * Appends the message, or, when its non-empty id was stored within the duplicate window, stores
   * nothing and answers the first message's sequence with `duplicate: true`.
   */
  store(message: IncomingMessage): { readonly seq: number; readonly duplicate: boolean } {
    const now = this.now();
    this.forgetOldIds(now);
    const known = message.msgId === '' ? undefined : this.recentIds.get(message.msgId);
    if (known) return { seq: known.seq, duplicate: true };
    const seq = ++this.lastSeq;
    // Sized as JetStream's memory store counts: subject, headers, data and a fixed overhead.
    const size =
      Buffer.byteLength(message.subject) + wireHeaderSize(message.headers) + message.data.length + 16;
    this.messages.push({
      seq,
      subject: message.subject,
      headers: message.headers,
      data: message.data,
      size,
      storedAt: now,
    });
    this.bytes += size;
    if (message.msgId !== '') this.recentIds.set(message.msgId, { seq, at: now });
    this.enforceLimits();
    return { seq, duplicate: false };
  }

  /** The message at `seq`, or undefined when it was never stored or limits removed it. */
  get(seq: number): StoredMessage | undefined {
    this.enforceLimits();
    return this.messages[seq - this.firstSeq()];
  }

  /** The oldest kept message at `fromSeq` or later whose subject `filter` matches. */
  firstMatching(fromSeq: number, filter: string): StoredMessage | undefined {
    this.enforceLimits();
    for (let i = Math.max(0, fromSeq - this.firstSeq()); i < this.messages.length; i++) {
      if (subjectMatches(filter, this.messages[i].subject)) return this.messages[i];
    }
    return undefined;
  }

  /** What is kept now, as JetStream's stream info reports it; `firstSeq` is `lastSeq + 1` when empty. */
  get state(): {
    readonly messages: number;
    readonly bytes: number;
    readonly firstSeq: number;
    readonly lastSeq: number;
  } {
    this.enforceLimits();
    return {
      messages: this.messages.length,
      bytes: this.bytes,
      firstSeq: this.firstSeq(),
      lastSeq: this.lastSeq,
    };
  }

  private firstSeq(): number {
    return this.messages.length > 0 ? this.messages[0].seq : this.lastSeq + 1;
  }

  private enforceLimits(): void {
    const { maxAgeMs, maxMsgs, maxBytes } = this.current;
    const oldestKept = this.now() - maxAgeMs;
    while (
      this.messages.length > 0 &&
      ((maxAgeMs > 0 && this.messages[0].storedAt <= oldestKept) ||
        this.messages.length > maxMsgs ||
        this.bytes > maxBytes)
    ) {
      this.bytes -= this.messages.shift()!.size;
    }
  }

  private forgetOldIds(now: number): void {
    for (const [id, { at }] of this.recentIds) {
      if (at + this.current.duplicateWindowMs > now) return;
      this.recentIds.delete(id);
    }
  }
}
