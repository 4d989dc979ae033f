import { Container, injectable } from 'inversify';
import { Jetbox } from '../app/jetbox';
import type { JetboxOptions } from '../app/jetbox.options';
import { Handles, Publishes } from '../decorators';
import { ConfigError } from '../errors';
import { Event } from '../messages';
import { publishContext, type PublishContext } from '../pipeline';
import type { Transport } from '../ports';
import { exploreTopology } from './metadata.explorer';

@Event('shop.order.placed.v1')
class OrderPlaced {
  orderId!: string;
}

@Event('billing.invoice.paid.v1')
class InvoicePaid {
  invoiceId!: string;
}

class NotAMessage {
  id!: string;
}

@Event('Shop Order')
class BadlyNamed {}

const streams = [{ name: 'SHOP', subjects: ['shop.>'] }];

/** A transport that records whether anything tried to use it. */
function recordingTransport(): Transport & { calls: string[] } {
  const calls: string[] = [];
  const record = (name: string) => async () => {
    calls.push(name);
    throw new Error(`${name} must not be called`);
  };
  return {
    calls,
    kind: 'recording',
    describe: () => 'recording transport',
    connect: record('connect'),
    ensureStream: record('ensureStream'),
    ensureConsumer: record('ensureConsumer'),
    publish: record('publish'),
    subscribe: () => {
      calls.push('subscribe');
      throw new Error('subscribe must not be called');
    },
    isHealthy: () => false,
    close: async () => undefined,
  };
}

function options(services: JetboxOptions['services'], extra: Partial<JetboxOptions> = {}): JetboxOptions {
  const container = new Container();
  for (const s of services ?? []) container.bind(s).toSelf().inSingletonScope();
  return { container, services, transport: recordingTransport(), streams, ...extra };
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('exploreTopology', () => {
  describe('when two handlers use the same durable', () => {
    @injectable()
    class First {
      @Handles(OrderPlaced, { durable: 'orders' })
      async on(_: OrderPlaced) {}
    }
    @injectable()
    class Second {
      @Handles(OrderPlaced, { durable: 'orders' })
      async handle(_: OrderPlaced) {}
    }

    it('should name both methods and say what to change', () => {
      expect(problemsOf(() => exploreTopology(options([First, Second])))).toStrictEqual([
        "Second.handle and First.on both use durable 'orders'; give one of them another 'durable' in @Handles",
      ]);
    });
  });

  describe('when a handler class is not bound in the container', () => {
    @injectable()
    class Unbound {
      @Handles(OrderPlaced)
      async on(_: OrderPlaced) {}
    }

    it('should say how to bind it', () => {
      expect(problemsOf(() => exploreTopology({ ...options([]), services: [Unbound] }))).toStrictEqual([
        'Unbound is not bound in the container; add container.bind(Unbound).toSelf().inSingletonScope()',
      ]);
    });
  });

  describe('when no stream captures a handled subject', () => {
    @injectable()
    class Billing {
      @Handles(InvoicePaid)
      async on(_: InvoicePaid) {}
    }

    it('should name the subject and suggest a stream', () => {
      expect(problemsOf(() => exploreTopology(options([Billing])))).toStrictEqual([
        "Billing.on @Handles: no declared stream captures 'billing.invoice.paid.v1'; add a stream to 'streams', e.g. { name: 'BILLING', subjects: ['billing.>'] }",
      ]);
    });
  });

  describe('when a handled class is not a message class', () => {
    @injectable()
    class Confused {
      @Handles(NotAMessage)
      async on(_: NotAMessage) {}
    }

    it('should say to decorate it', () => {
      expect(problemsOf(() => exploreTopology(options([Confused])))).toStrictEqual([
        "Confused.on @Handles: NotAMessage is not a message class; decorate it with @Event('<context>.<name>.v1') or @Command(…)",
      ]);
    });
  });

  describe('when a message type is not dotted lower case', () => {
    @injectable()
    class Sloppy {
      @Handles(BadlyNamed)
      async on(_: BadlyNamed) {}
    }

    it('should show the expected form', () => {
      expect(problemsOf(() => exploreTopology(options([Sloppy])))).toStrictEqual([
        "BadlyNamed: message type 'Shop Order' must be dotted lower-case tokens of [a-z0-9_-], at least two, e.g. 'billing.invoice.paid.v1'",
      ]);
    });
  });

  describe('when options are invalid', () => {
    @injectable()
    class Careless {
      @Handles(OrderPlaced, { concurrency: -1, retry: { backoff: [] } })
      async on(_: OrderPlaced) {}
    }

    it('should report every problem at once', () => {
      expect(problemsOf(() => exploreTopology(options([Careless])))).toStrictEqual([
        'Careless.on: concurrency must be a whole number ≥ 1 (got -1)',
        "Careless.on: retry.backoff is an empty list; give at least one delay in ms, or use 'exponential'",
      ]);
    });
  });

  describe('when maxAckPending is below concurrency', () => {
    @injectable()
    class Greedy {
      @Handles(OrderPlaced, { concurrency: 8, maxAckPending: 4 })
      async on(_: OrderPlaced) {}
    }

    it('should say it must cover the concurrency', () => {
      expect(problemsOf(() => exploreTopology(options([Greedy])))).toStrictEqual([
        'Greedy.on: maxAckPending must be a whole number ≥ concurrency (8); got 4',
      ]);
    });
  });

  describe('when a @Publishes method has no context parameter', () => {
    @injectable()
    class Orders {
      @Publishes(OrderPlaced)
      async place() {}
    }

    it('should ask for one', () => {
      expect(problemsOf(() => exploreTopology(options([Orders])))).toStrictEqual([
        'Orders.place: a @Publishes method receives its publishing context as its last parameter; declare one, e.g. (cmd: Cmd, ctx = publishContext())',
      ]);
    });
  });

  describe('when two streams overlap', () => {
    it('should name both', () => {
      expect(problemsOf(() => exploreTopology(options([], { streams: [...streams, { name: 'ALL', subjects: ['shop.order.>'] }] })))).toStrictEqual([
        "streams 'SHOP' ('shop.>') and 'ALL' ('shop.order.>') overlap; a subject may belong to one stream only",
      ]);
    });
  });

  describe('when everything is valid', () => {
    @injectable()
    class Shop {
      @Handles(OrderPlaced, { concurrency: 4, timeoutMs: 5_000, retry: { maxDeliver: 3, backoff: [100, 500] } })
      async onOrderPlaced(_: OrderPlaced) {}

      @Publishes(OrderPlaced)
      async place(_id: string, _ctx: PublishContext) {}

      @Publishes(OrderPlaced)
      async placeLater(_id: string, _when: number, _ctx = publishContext()) {}
    }
    const topology = exploreTopology(options([Shop]));

    it('should derive the consumer from the options', () => {
      expect(topology.handlers[0]!.consumer).toStrictEqual({
        stream: 'SHOP',
        durable: 'shop-on-order-placed',
        filterSubject: 'shop.order.placed.v1',
        maxDeliver: 4,
        ackWaitMs: 7_000,
        backoffMs: [7_100, 7_500, 7_500],
        maxAckPending: 1_000,
        description: 'Jetbox handler Shop.onOrderPlaced for shop.order.placed.v1',
      });
    });

    it('should find the context parameter of a @Publishes method', () => {
      expect(topology.publishers.map((p) => [p.method, p.contextIndex])).toStrictEqual([
        ['place', 1],
        ['placeLater', 2],
      ]);
    });
  });
});

describe('Jetbox.create', () => {
  describe('when the configuration is invalid', () => {
    @injectable()
    class Broken {
      @Handles(OrderPlaced, { concurrency: 0 })
      async on(_: OrderPlaced) {}
    }
    const transport = recordingTransport();
    let error: unknown;

    beforeAll(async () => {
      error = await Jetbox.create(options([Broken], { transport })).then(
        () => undefined,
        (e: unknown) => e,
      );
    });

    it('should reject with a ConfigError', () => {
      expect(error).toBeInstanceOf(ConfigError);
    });

    it('should touch no server', () => {
      expect(transport.calls).toStrictEqual([]);
    });
  });

  describe('when no transport is given', () => {
    it('should say what to pass', async () => {
      await expect(Jetbox.create({ ...options([]), transport: undefined as unknown as Transport })).rejects.toThrow(
        'Invalid Jetbox configuration: transport is missing; pass nats({ servers }) from @jetbox/nats, or memoryTransport() for tests',
      );
    });
  });
});
