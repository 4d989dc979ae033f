import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import { PullSession } from './pull.session';

type Item = JsMsg | (() => void);

/** Stands in for the client's `PullConsumerMessagesImpl`: queues through `_push`, ends through its stop action. */
class FakeQueueMessages {
  yields: Item[] = [];
  private finish!: (error?: Error) => void;
  private readonly ended = new Promise<Error | undefined>((resolve) => (this.finish = resolve));

  constructor(readonly log: string[]) {
    this._push(() => log.push('first pull'));
  }

  _push(item: Item): void {
    this.yields.push(item);
  }

  closed(): Promise<Error | undefined> {
    return this.ended;
  }

  stop(error?: Error): void {
    this._push(() => this.finish(error));
  }

  close(): Promise<Error | undefined> {
    this.stop();
    return this.ended;
  }
}

/** Stands in for a client whose internals differ: only the public async iterator. */
function fakeIteratorMessages(msgs: JsMsg[]): ConsumerMessages & { reads: number } {
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const fake = {
    reads: 0,
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        fake.reads++;
        const value = msgs.shift();
        if (value) return { done: false, value };
        finish();
        return { done: true, value: undefined };
      },
    }),
    closed: () => ended,
    close: async () => finish(),
  };
  return fake as unknown as ConsumerMessages & { reads: number };
}

const msg = (seq: number) => ({ seq }) as unknown as JsMsg;

async function open(messages: unknown): Promise<PullSession> {
  const consumer = { consume: async () => messages, info: async () => ({}) };
  const js = { consumers: { get: async () => consumer } } as unknown as JetStreamClient;
  return PullSession.open(js, 'S', 'd', 10, (action, onError) => {
    try {
      action();
    } catch (error) {
      onError(error);
    }
  });
}

describe(PullSession.name, () => {
  describe('when the client queues through the internals a session takes over', () => {
    let log: string[];
    let fake: FakeQueueMessages;
    let session: PullSession;
    beforeEach(async () => {
      log = [];
      fake = new FakeQueueMessages(log);
      session = await open(fake);
    });

    it('should send nothing before the first take', () => {
      expect(log).toStrictEqual([]);
    });

    it('should run queued actions once the reader has taken the messages before them, in order', () => {
      fake._push(msg(1));
      fake._push(msg(2));
      fake._push(() => log.push('next pull'));
      fake._push(msg(3));
      expect(session.take()).toStrictEqual(msg(1));
      expect(log).toStrictEqual(['first pull']);
      expect(session.take()).toStrictEqual(msg(2));
      expect(log).toStrictEqual(['first pull', 'next pull']);
      expect(session.take()).toStrictEqual(msg(3));
      expect(session.take()).toBeUndefined();
    });

    it('should wake a waiting reader when a message arrives', async () => {
      session.take();
      const waiting = session.wait();
      fake._push(msg(3));
      await waiting;
      expect(session.take()).toStrictEqual(msg(3));
    });

    it('should end, with what the client ended on, once its stop action was taken', async () => {
      fake._push(msg(4));
      fake.stop(new Error('consumer deleted'));
      expect(session.take()).toStrictEqual(msg(4));
      expect(session.ended).toBe(false);
      expect(session.take()).toBeUndefined();
      await session.wait();
      expect(session.ended).toBe(true);
      expect((session.failure as Error).message).toBe('consumer deleted');
    });

    it('should end a session whose action throws, with that error', async () => {
      fake._push(() => {
        throw new Error('connection closed');
      });
      session.take();
      await session.wait();
      expect((session.failure as Error).message).toBe('connection closed');
    });
  });

  describe('when the client keeps its queue differently', () => {
    it('should read its iterator, one message per wait, and end with it', async () => {
      const messages = fakeIteratorMessages([msg(1), msg(2)]);
      const session = await open(messages);
      expect(session.take()).toBeUndefined();
      expect(messages.reads).toBe(0);
      const taken: unknown[] = [];
      while (!session.ended) {
        await session.wait();
        const next = session.take();
        if (next) taken.push(next);
      }
      expect(taken).toStrictEqual([msg(1), msg(2)]);
      expect(messages.reads).toBe(3);
    });
  });
});
