import { JetboxTestHarness, waitFor } from '@jetbox/testing';
import { Container, injectable } from 'inversify';
import { Handles, Publishes } from '../decorators';
import { HandlerTimeoutError, type JetboxError } from '../errors';
import { Event } from '../messages';
import { publishContext, type HandlerMiddleware, type MessageContext } from '../pipeline';
import { memoryTransport } from '../transport/memory';
import { Jetbox } from './jetbox';

@Event('orders.order.placed.v1')
class OrderPlaced {
  constructor(readonly orderId: string) {}
}

@Event('orders.order.audited.v1')
class OrderAudited {
  constructor(readonly orderId: string) {}
}

@Event('orders.order.unlisted.v1')
class Unlisted {
  constructor(readonly orderId: string) {}
}

const streams = [{ name: 'ORDERS', subjects: ['orders.>'] }];

@injectable()
class Orders {
  @Publishes(OrderPlaced, OrderAudited)
  async place(orderId: string, fail = false, ctx = publishContext()): Promise<string> {
    ctx.publish(new OrderPlaced(orderId), { key: orderId });
    ctx.publish(new OrderAudited(orderId));
    if (fail) throw new Error('the database said no');
    return orderId;
  }

  @Publishes(OrderPlaced)
  async sneak(orderId: string, ctx = publishContext()): Promise<void> {
    ctx.publish(new Unlisted(orderId));
  }
}

async function harnessWith(services: (new () => object)[], extra: Partial<Parameters<typeof JetboxTestHarness.start>[0]> = {}) {
  const container = new Container();
  for (const s of services) container.bind(s).toSelf().inSingletonScope();
  const harness = await JetboxTestHarness.start({ container, services, streams, ...extra });
  return { harness, container };
}

describe('Jetbox', () => {
  describe('when a @Publishes method resolves', () => {
    let harness: JetboxTestHarness;

    beforeAll(async () => {
      const started = await harnessWith([Orders]);
      harness = started.harness;
      await started.container.get(Orders).place('o-1');
    });
    afterAll(() => harness.stop());

    it('should publish what it published, in order, after it returned', () => {
      expect(harness.published().map((m) => [m.envelope.type, m.payload])).toStrictEqual([
        ['orders.order.placed.v1', { orderId: 'o-1' }],
        ['orders.order.audited.v1', { orderId: 'o-1' }],
      ]);
    });
  });

  describe('when a @Publishes method throws', () => {
    let harness: JetboxTestHarness;
    let error: unknown;

    beforeAll(async () => {
      const started = await harnessWith([Orders]);
      harness = started.harness;
      error = await started.container.get(Orders).place('o-2', true).catch((e: unknown) => e);
    });
    afterAll(() => harness.stop());

    it('should pass the error on', () => {
      expect((error as Error).message).toBe('the database said no');
    });

    it('should publish nothing', () => {
      expect(harness.published()).toStrictEqual([]);
    });
  });

  describe('when a @Publishes method publishes a message it does not list', () => {
    let harness: JetboxTestHarness;
    let error: unknown;

    beforeAll(async () => {
      const started = await harnessWith([Orders]);
      harness = started.harness;
      error = await started.container.get(Orders).sneak('o-3').catch((e: unknown) => e);
    });
    afterAll(() => harness.stop());

    it('should reject, naming the method and the message', () => {
      expect((error as JetboxError).message).toBe("Orders.sneak published 'orders.order.unlisted.v1', which its @Publishes does not list; add it there");
    });

    it('should publish nothing', () => {
      expect(harness.published()).toStrictEqual([]);
    });
  });

  describe('when a singleton was resolved before Jetbox.create', () => {
    let harness: JetboxTestHarness;

    beforeAll(async () => {
      const container = new Container();
      container.bind(Orders).toSelf().inSingletonScope();
      const early = container.get(Orders);
      harness = await JetboxTestHarness.start({ container, services: [Orders], streams });
      await early.place('o-4');
    });
    afterAll(() => harness.stop());

    it('should still publish through it once started', () => {
      expect(harness.published(OrderPlaced).map((m) => m.payload)).toStrictEqual([{ orderId: 'o-4' }]);
    });
  });

  describe('when publish() is called before start()', () => {
    it('should reject with NOT_STARTED', async () => {
      const container = new Container();
      const app = await Jetbox.create({ container, transport: memoryTransport(), streams });
      await expect(app.publish(new OrderPlaced('o-5'))).rejects.toMatchObject({ code: 'NOT_STARTED' });
    });
  });

  describe('when republishSince() is called on an app without an outbox', () => {
    it('should reject with CONFIG, saying how to configure one', async () => {
      const app = await Jetbox.create({ container: new Container(), transport: memoryTransport(), streams });
      await expect(app.republishSince(new Date())).rejects.toMatchObject({
        code: 'CONFIG',
        message: expect.stringContaining('republishSince() writes to the outbox: configure one (outbox: typeormOutbox({ dataSource }))'),
      });
    });
  });

  describe('when a handler runs past its timeout', () => {
    @injectable()
    class Sleepy {
      readonly signals: AbortSignal[] = [];
      finished = 0;
      @Handles(OrderPlaced, { timeoutMs: 100, retry: { maxDeliver: 2, backoff: [5_000] } })
      async on(_: OrderPlaced, ctx: MessageContext): Promise<void> {
        this.signals.push(ctx.signal);
        await new Promise((resolve) => setTimeout(resolve, 400));
        this.finished++;
      }
    }
    let harness: JetboxTestHarness;
    let sleepy: Sleepy;

    beforeAll(async () => {
      const started = await harnessWith([Sleepy]);
      harness = started.harness;
      sleepy = started.container.get(Sleepy);
      await harness.publish(new OrderPlaced('o-6'));
      await waitFor(() => harness.retried.length === 1);
    });
    afterAll(() => harness.stop());

    it('should fail the delivery as a retryable timeout', () => {
      expect(harness.retried[0]!.error).toBeInstanceOf(HandlerTimeoutError);
    });

    it('should abort the handler signal', () => {
      expect(sleepy.signals[0]!.aborted).toBe(true);
    });

    it('should keep the concurrency slot until the call really ends', async () => {
      const runner = (harness.app as unknown as { runners: { running: number }[] }).runners[0]!;
      const before = runner.running;
      await waitFor(() => sleepy.finished === 1);
      await waitFor(() => runner.running === 0);
      expect(before).toBe(1);
    });
  });

  describe('when a long handler calls ctx.working() within its timeout', () => {
    @injectable()
    class Steady {
      @Handles(OrderPlaced, { timeoutMs: 150 })
      async on(_: OrderPlaced, ctx: MessageContext): Promise<void> {
        for (let step = 0; step < 5; step++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          await ctx.working();
        }
      }
    }
    let harness: JetboxTestHarness;

    beforeAll(async () => {
      ({ harness } = await harnessWith([Steady]));
      await harness.publish(new OrderPlaced('o-11'));
      await harness.waitForHandled();
    });
    afterAll(() => harness.stop());

    it('should finish on its first delivery, well past timeoutMs, without a retry', () => {
      expect([harness.handled[0]!.deliveryCount, harness.handled[0]!.durationMs > 450, harness.retried.length]).toStrictEqual([1, true, 0]);
    });
  });

  describe('when stop() passes its deadline with a handler still running', () => {
    @injectable()
    class Stuck {
      signal?: AbortSignal;
      finished = false;
      @Handles(OrderPlaced)
      async on(_: OrderPlaced, ctx: MessageContext): Promise<void> {
        this.signal = ctx.signal;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        this.finished = true;
      }
    }
    let stuck: Stuck;
    let finishedWhenStopped: boolean;

    beforeAll(async () => {
      const started = await harnessWith([Stuck]);
      stuck = started.container.get(Stuck);
      await started.harness.publish(new OrderPlaced('o-7'));
      await waitFor(() => stuck.signal !== undefined);
      await started.harness.stop({ timeoutMs: 100 });
      finishedWhenStopped = stuck.finished;
    });
    afterAll(() => waitFor(() => stuck.finished, { timeoutMs: 5_000, description: 'the abandoned handler to end' }));

    it('should return at the deadline, without waiting for the handler', () => {
      expect(finishedWhenStopped).toBe(false);
    });

    it('should abort the running handler', () => {
      expect(stuck.signal!.aborted).toBe(true);
    });
  });

  describe('when middleware is configured', () => {
    const calls: string[] = [];
    const named =
      (name: string): HandlerMiddleware =>
      async (invocation, next) => {
        calls.push(`${name}:before:${(invocation.message as OrderPlaced).orderId}`);
        await next();
        calls.push(`${name}:after`);
      };
    @injectable()
    class Plain {
      @Handles(OrderPlaced)
      async on(): Promise<void> {
        calls.push('handler');
      }
    }
    let harness: JetboxTestHarness;

    beforeAll(async () => {
      ({ harness } = await harnessWith([Plain], { middleware: [named('outer'), named('inner')] }));
      await harness.publish(new OrderPlaced('o-8'));
      await harness.waitForHandled();
    });
    afterAll(() => harness.stop());

    it('should run it in order around the handler, with the decoded message', () => {
      expect(calls).toStrictEqual(['outer:before:o-8', 'inner:before:o-8', 'handler', 'inner:after', 'outer:after']);
    });
  });

  describe('when a hook throws', () => {
    @injectable()
    class Plain {
      @Handles(OrderPlaced)
      async on(): Promise<void> {}
    }
    let harness: JetboxTestHarness;

    beforeAll(async () => {
      ({ harness } = await harnessWith([Plain], {
        hooks: {
          onHandled: () => {
            throw new Error('metrics are down');
          },
        },
      }));
      await harness.publish(new OrderPlaced('o-9'));
      await harness.publish(new OrderPlaced('o-10'));
    });
    afterAll(() => harness.stop());

    it('should go on handling', async () => {
      await expect(harness.waitForHandled({}, { count: 2 })).resolves.toHaveLength(2);
    });
  });
});
