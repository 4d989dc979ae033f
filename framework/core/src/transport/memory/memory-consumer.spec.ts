import { DeliveryCollector, type ReceivedDelivery } from '@jetbox/testing';
import type { ConsumerSpec, Delivery, StreamSpec } from '../../ports';
import { MemoryTransport } from './memory.transport';

const SUBJECT = 'orders.placed.v1';
/**
 * How much shorter a measured gap may be than the wait asked for: a timer may fire a millisecond
 * early, and on a busy machine the reader records a delivery a few milliseconds after it was made.
 */
const TIMER_SLACK_MS = 25;

const seqAndCount = (received: readonly ReceivedDelivery[]) =>
  received.map((r) => [r.delivery.streamSequence, r.delivery.deliveryCount]);

/** A connected transport with stream ORDERS (orders.>) and durable `worker` on orders.placed.v1. */
function useOrders(consumer: Partial<ConsumerSpec> = {}, stream: Partial<StreamSpec> = {}) {
  const spec: ConsumerSpec = {
    stream: 'ORDERS',
    durable: 'worker',
    filterSubject: SUBJECT,
    maxDeliver: 5,
    ackWaitMs: 10_000,
    maxAckPending: 100,
    ...consumer,
  };
  const transport = new MemoryTransport();
  const readers: DeliveryCollector[] = [];
  beforeAll(async () => {
    await transport.connect();
    await transport.ensureStream({ name: 'ORDERS', subjects: ['orders.>'], ...stream });
    await transport.ensureConsumer(spec);
  });
  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.stop()));
    await transport.close();
  });
  return {
    transport,
    spec,
    publish: async (...indexes: number[]) => {
      for (const i of indexes)
        await transport.publish({ subject: SUBJECT, msgId: `m${i}`, headers: {}, data: new Uint8Array([i]) });
    },
    read: (options?: { autoAck?: boolean }, durable = spec) => {
      const reader = new DeliveryCollector(transport.subscribe(durable), options);
      readers.push(reader);
      return reader;
    },
    /** Reads one delivery that is available now. */
    readOne: async (): Promise<Delivery> => {
      const subscription = transport.subscribe(spec);
      const next = await subscription[Symbol.asyncIterator]().next();
      await subscription.stop();
      if (next.done) throw new Error('no delivery');
      return next.value;
    },
  };
}

describe('MemoryConsumer', () => {
  describe('when a delivery is nakked with no delay while new messages wait', () => {
    const orders = useOrders();
    let delivered: number[][];
    beforeAll(async () => {
      await orders.publish(1, 2, 3);
      const first = await orders.readOne();
      await first.nak(0);
      const later = [await orders.readOne(), await orders.readOne(), await orders.readOne()];
      delivered = [first, ...later].map((d) => [d.streamSequence, d.deliveryCount]);
    });

    it('should redeliver it at once, before the new messages', () => {
      expect(delivered).toStrictEqual([
        [1, 1],
        [1, 2],
        [2, 1],
        [3, 1],
      ]);
    });
  });

  describe('when backoffMs is shorter than the deliveries', () => {
    const orders = useOrders({ backoffMs: [50, 200], maxDeliver: 4 });
    let received: ReceivedDelivery[];
    let gaps: number[];
    beforeAll(async () => {
      await orders.publish(1);
      received = await orders.read().waitForCount(4);
      gaps = received.slice(1).map((r, i) => r.receivedAt - received[i].receivedAt);
    });

    it('should count each delivery', () => {
      expect(seqAndCount(received)).toStrictEqual([
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
      ]);
    });

    it('should wait at least the first value after the first delivery', () => {
      expect(gaps[0]).toBeGreaterThanOrEqual(50 - TIMER_SLACK_MS);
    });

    it('should not wait the second value after the first delivery', () => {
      expect(gaps[0]).toBeLessThan(200 - TIMER_SLACK_MS);
    });

    it('should repeat the last value after the later deliveries', () => {
      expect(Math.min(...gaps.slice(1))).toBeGreaterThanOrEqual(200 - TIMER_SLACK_MS);
    });
  });

  describe('when the last allowed delivery times out', () => {
    const orders = useOrders({ maxDeliver: 2, ackWaitMs: 30, maxAckPending: 1 });
    let delivered: number[][];
    beforeAll(async () => {
      await orders.publish(1, 2);
      const reader = orders.read();
      await reader.waitForCount(4);
      await reader.countAfter(100);
      delivered = seqAndCount(reader.received);
    });

    it('should give the message up, free its slot, and deliver the next', () => {
      expect(delivered).toStrictEqual([
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 2],
      ]);
    });
  });

  describe('when the last allowed delivery is nakked', () => {
    const orders = useOrders({ maxDeliver: 1 });
    let counted: number;
    beforeAll(async () => {
      await orders.publish(1);
      const reader = orders.read();
      const [first] = await reader.waitForCount(1);
      await first.delivery.nak(0);
      counted = await reader.countAfter(50);
    });

    it('should not deliver it again', () => {
      expect(counted).toBe(1);
    });
  });

  describe('when two subscriptions share maxAckPending 1', () => {
    const orders = useOrders({ maxAckPending: 1 });
    let heldBack: number;
    let bySubscription: number[][];
    beforeAll(async () => {
      const readers = [orders.read(), orders.read()];
      await orders.publish(1, 2);
      const [first] = await readers[0].waitForCount(1);
      heldBack = await readers[1].countAfter(50);
      await first.delivery.ack();
      await readers[1].waitForCount(1);
      bySubscription = readers.map((reader) => reader.received.map((r) => r.delivery.streamSequence));
    });

    it('should hold the second message back from the other subscription', () => {
      expect(heldBack).toBe(0);
    });

    it('should deliver it to the subscription that waited once the first is acked', () => {
      expect(bySubscription).toStrictEqual([[1], [2]]);
    });
  });

  describe('when a stale delivery is settled after the message was redelivered', () => {
    const orders = useOrders({ ackWaitMs: 30 });
    let counted: number;
    beforeAll(async () => {
      await orders.publish(1);
      const reader = orders.read();
      const [first, second] = await reader.waitForCount(2);
      await first.delivery.nak(0);
      await first.delivery.working();
      await first.delivery.ack();
      await second.delivery.nak(0);
      counted = await reader.countAfter(100);
    });

    it('should ignore its nak and working(), take its ack, and ignore naks after the ack', () => {
      expect(counted).toBe(2);
    });
  });

  describe("when the stream's limits discard a pending message", () => {
    const orders = useOrders({ ackWaitMs: 30 }, { maxMsgs: 1 });
    let delivered: number[][];
    beforeAll(async () => {
      await orders.publish(1);
      const reader = orders.read();
      await reader.waitForCount(1);
      await orders.publish(2);
      const [, second] = await reader.waitForCount(2);
      await second.delivery.ack();
      await reader.countAfter(100);
      delivered = seqAndCount(reader.received);
    });

    it('should not redeliver it', () => {
      expect(delivered).toStrictEqual([
        [1, 1],
        [2, 1],
      ]);
    });
  });

  describe('when one subscription reads many messages on one subject', () => {
    const orders = useOrders();
    const indexes = Array.from({ length: 50 }, (_, i) => i + 1);
    let sequences: number[];
    beforeAll(async () => {
      await orders.publish(...indexes);
      sequences = (await orders.read({ autoAck: true }).waitForCount(50)).map(
        (r) => r.delivery.streamSequence,
      );
    });

    it('should deliver them in stream order', () => {
      expect(sequences).toStrictEqual(indexes);
    });
  });

  describe('when a second durable is declared after messages were published', () => {
    const orders = useOrders();
    let bySubscription: number[][];
    beforeAll(async () => {
      await orders.publish(1, 2, 3);
      const audit = { ...orders.spec, durable: 'audit' };
      await orders.transport.ensureConsumer(audit);
      const readers = [orders.read({ autoAck: true }), orders.read({ autoAck: true }, audit)];
      const received = await Promise.all(readers.map((reader) => reader.waitForCount(3)));
      bySubscription = received.map((list) => list.map((r) => r.delivery.streamSequence));
    });

    it('should deliver every message to each durable, from the first', () => {
      expect(bySubscription).toStrictEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
    });
  });

  describe('when the reader changes the delivered data', () => {
    const orders = useOrders();
    let redelivered: number[];
    beforeAll(async () => {
      await orders.publish(7);
      const first = await orders.readOne();
      first.data[0] = 99;
      await first.nak(0);
      redelivered = Array.from((await orders.readOne()).data);
    });

    it('should redeliver the data as stored', () => {
      expect(redelivered).toStrictEqual([7]);
    });
  });

  describe('when ensureConsumer raises maxAckPending', () => {
    const orders = useOrders({ maxAckPending: 1 });
    let received: number;
    beforeAll(async () => {
      await orders.publish(1, 2, 3);
      const reader = orders.read();
      await reader.waitForCount(1);
      await orders.transport.ensureConsumer({ ...orders.spec, maxAckPending: 3 });
      received = (await reader.waitForCount(3)).length;
    });

    it('should deliver the messages held back at once', () => {
      expect(received).toBe(3);
    });
  });

  describe('when a nak delay is longer than a timer can wait', () => {
    const orders = useOrders();
    let counted: number;
    beforeAll(async () => {
      await orders.publish(1);
      const reader = orders.read();
      const [first] = await reader.waitForCount(1);
      await first.delivery.nak(2 ** 40);
      counted = await reader.countAfter(50);
    });

    it('should not redeliver at once', () => {
      expect(counted).toBe(1);
    });
  });

  describe('when a delivery is acked twice, then termed', () => {
    const orders = useOrders();
    let outcome: unknown;
    beforeAll(async () => {
      await orders.publish(1);
      const delivery = await orders.readOne();
      outcome = await Promise.all([delivery.ack(), delivery.ack(), delivery.term('done')]);
    });

    it('should resolve each call', () => {
      expect(outcome).toStrictEqual([undefined, undefined, undefined]);
    });
  });
});
