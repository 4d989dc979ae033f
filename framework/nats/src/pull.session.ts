import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from 'nats';

/** Runs a client action later (in the batch that writes the acknowledgements); `onError` gets what it throws. */
export type Defer = (action: () => void, onError: (error: unknown) => void) => void;

/** What the client queues for its reader: a message, or an action to run when the reader gets there. */
type Queued = JsMsg | (() => void);

/** The parts of nats.js 2.x `PullConsumerMessagesImpl` a session takes over when they are there. */
interface QueueInternals {
  _push?: unknown;
  yields?: unknown;
}

/**
 * One `consume()` of a durable consumer, read without the client's async iterator. The client
 * queues messages and its own actions (the next pull, its stop) in arrival order; a session keeps
 * that queue itself and runs each action once the reader has taken the messages before it, as the
 * client's iterator would, so a pull is sent only once the reader has taken what made it due.
 * It costs no promise per message while messages wait. When the client's internals are not as
 * expected, it reads the client's iterator instead, one message per {@link wait}.
 */
export class PullSession {
  private readonly queue: Queued[] = [];
  private signal?: () => void;
  private reader?: AsyncIterator<JsMsg>;
  private pumping = false;
  private done = false;
  private error: unknown;

  private constructor(
    readonly consumer: Consumer,
    readonly messages: ConsumerMessages,
    private readonly defer: Defer,
  ) {
    const internals = messages as unknown as QueueInternals;
    if (typeof internals._push === 'function' && Array.isArray(internals.yields)) {
      this.queue.push(...(internals.yields as Queued[]));
      internals.yields = [];
      internals._push = (item: Queued) => this.push(item);
    } else {
      this.reader = messages[Symbol.asyncIterator]();
    }
    void messages.closed().then(
      (error) => this.end(error),
      (error: unknown) => this.end(error),
    );
  }

  /**
   * Opens the consumer; nothing is pulled until the first {@link take}. The client's actions the
   * reader reaches (pull requests, its stop) are handed to `defer`, in order.
   */
  static async open(js: JetStreamClient, stream: string, durable: string, maxMessages: number, defer: Defer): Promise<PullSession> {
    const consumer = await js.consumers.get(stream, durable);
    return new PullSession(consumer, await consumer.consume({ max_messages: maxMessages }), defer);
  }

  /** True once the client has stopped and everything it queued has been taken. */
  get ended(): boolean {
    return this.done && this.queue.length === 0;
  }

  /** Why the session ended on its own; undefined when it was closed or has not ended. */
  get failure(): unknown {
    return this.error;
  }

  /**
   * The next message waiting; undefined when none waits. The actions queued before it and right
   * after it are handed to `defer`: the client queues its next pull right after the message that
   * made it due, so the pull leaves as soon as the reader has taken that message.
   */
  take(): JsMsg | undefined {
    const queue = this.queue;
    while (queue.length > 0) {
      const item = queue.shift()!;
      if (typeof item === 'function') {
        this.defer(item, this.fail);
        continue;
      }
      while (typeof queue[0] === 'function') this.defer(queue.shift() as () => void, this.fail);
      return item;
    }
    return undefined;
  }

  /** Resolves when {@link take} may have something, or the session has ended. */
  wait(): Promise<void> {
    if (this.queue.length > 0 || this.done) return Promise.resolve();
    if (this.reader && !this.pumping) return this.pump(this.reader);
    return new Promise((resolve) => {
      const previous = this.signal;
      this.signal = previous
        ? () => {
            previous();
            resolve();
          }
        : resolve;
    });
  }

  /** Stops the client: nothing more arrives; what it already queued can still be taken. */
  close(): void {
    void this.messages.close().catch(() => undefined);
  }

  private readonly fail = (error: unknown): void => {
    this.end(error);
    this.close();
  };

  private push(item: Queued): void {
    this.queue.push(item);
    this.wakeUp();
  }

  private end(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const signal = this.signal;
    if (!signal) return;
    this.signal = undefined;
    signal();
  }

  private async pump(reader: AsyncIterator<JsMsg>): Promise<void> {
    this.pumping = true;
    try {
      const next = await reader.next();
      if (next.done) this.end(undefined);
      else this.push(next.value);
    } catch (error) {
      this.end(error);
    } finally {
      this.pumping = false;
    }
  }
}
