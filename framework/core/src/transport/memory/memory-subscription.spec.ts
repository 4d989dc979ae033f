import { DeliveryCollector } from '@jetbox/testing';
import type { ConsumerSpec, Delivery } from '../../ports';
import { MemoryTransport } from './memory.transport';

const SPEC: ConsumerSpec = {
  stream: 'ORDERS',
  durable: 'worker',
  filterSubject: 'orders.placed.v1',
  maxDeliver: 5,
  ackWaitMs: 10_000,
  maxAckPending: 100,
};

/** A connected transport with stream ORDERS and durable `worker`, closed after the block. */
function useTransport(): MemoryTransport {
  const transport = new MemoryTransport();
  beforeAll(async () => {
    await transport.connect();
    await transport.ensureStream({ name: 'ORDERS', subjects: ['orders.>'] });
    await transport.ensureConsumer(SPEC);
  });
  afterAll(() => transport.close());
  return transport;
}

const publish = (transport: MemoryTransport, i: number) =>
  transport.publish({ subject: 'orders.placed.v1', msgId: `m${i}`, headers: {}, data: new Uint8Array([i]) });

describe('MemorySubscription', () => {
  describe('when stopped while a read waits', () => {
    const transport = useTransport();
    let results: unknown[];
    beforeAll(async () => {
      const subscription = transport.subscribe(SPEC);
      const iterator = subscription[Symbol.asyncIterator]();
      const waiting = iterator.next();
      await subscription.stop();
      results = [await waiting, await iterator.next()];
    });

    it('should end the waiting read and every later one', () => {
      expect(results).toStrictEqual([
        { done: true, value: undefined },
        { done: true, value: undefined },
      ]);
    });
  });

  describe('when stopped, with messages arriving later', () => {
    const transport = useTransport();
    let delivered: number[][];
    beforeAll(async () => {
      const stopped = transport.subscribe(SPEC);
      const waiting = stopped[Symbol.asyncIterator]().next();
      await stopped.stop();
      await waiting;
      await publish(transport, 1);
      const reader = new DeliveryCollector(transport.subscribe(SPEC), { autoAck: true });
      const received = await reader.waitForCount(1);
      await reader.stop();
      delivered = received.map((r) => [r.delivery.streamSequence, r.delivery.deliveryCount]);
    });

    it('should leave them to the other subscriptions, as first deliveries', () => {
      expect(delivered).toStrictEqual([[1, 1]]);
    });
  });

  describe('when a for-await loop breaks out of it', () => {
    const transport = useTransport();
    let afterBreak: unknown;
    let seen: Delivery | undefined;
    beforeAll(async () => {
      await publish(transport, 1);
      await publish(transport, 2);
      const subscription = transport.subscribe(SPEC);
      for await (const delivery of subscription) {
        seen = delivery;
        break;
      }
      afterBreak = await subscription[Symbol.asyncIterator]().next();
    });

    it('should have yielded the first message', () => {
      expect(seen?.streamSequence).toBe(1);
    });

    it('should stop the subscription', () => {
      expect(afterBreak).toStrictEqual({ done: true, value: undefined });
    });
  });

  describe('when stop() is called twice', () => {
    const transport = useTransport();
    let outcome: unknown;
    beforeAll(async () => {
      const subscription = transport.subscribe(SPEC);
      outcome = await Promise.all([subscription.stop(), subscription.stop()]);
    });

    it('should resolve both', () => {
      expect(outcome).toStrictEqual([undefined, undefined]);
    });
  });

  describe('when reads are issued without waiting for each other', () => {
    const transport = useTransport();
    let sequences: number[];
    beforeAll(async () => {
      const iterator = transport.subscribe(SPEC)[Symbol.asyncIterator]();
      const reads = [iterator.next(), iterator.next(), iterator.next()];
      for (const i of [1, 2, 3]) await publish(transport, i);
      sequences = (await Promise.all(reads)).map((r) => (r.done ? 0 : r.value.streamSequence));
    });

    it('should serve them in the order they were issued', () => {
      expect(sequences).toStrictEqual([1, 2, 3]);
    });
  });
});
