import { delay, type ConsumerSpec, type Delivery } from '@jetbox/core';
import { DeliveryCollector, waitFor, type ReceivedDelivery } from '@jetbox/testing';
import { useJetStream } from './testing/jetstream.fixture';

const encoder = new TextEncoder();
/** How long a test waits to see that something does not happen. */
const QUIET_MS = 300;

describe('JetStreamTransport.subscribe', () => {
  const collectors: DeliveryCollector[] = [];
  // Before useJetStream's, so jest runs it first: readers stop before the connections close.
  afterAll(async () => {
    for (const collector of collectors) await collector.stop().catch(() => undefined);
  });
  const nats = useJetStream({ pullBatch: 10 });

  /** A fresh stream and consumer, and a function publishing `count` messages numbered from 1. */
  async function fixture(consumer: Partial<ConsumerSpec> = {}) {
    const { stream, subject } = await nats.newStream('SUB');
    const name = stream.name;
    const spec: ConsumerSpec = { stream: stream.name, durable: 'reader', filterSubject: subject, maxDeliver: 5, ackWaitMs: 30_000, maxAckPending: 100, ...consumer };
    await nats.transport.ensureConsumer(spec);
    const publish = async (count: number) => {
      for (let i = 1; i <= count; i++) {
        await nats.transport.publish({ subject, msgId: `${name}-${i}`, headers: { 'ce-id': `${name}-${i}`, 'x-index': `${i}` }, data: encoder.encode(`{"i":${i}}`) });
      }
    };
    const read = (autoAck = false) => {
      const collector = new DeliveryCollector(nats.transport.subscribe(spec), { autoAck });
      collectors.push(collector);
      return collector;
    };
    return { name, subject, spec, publish, read };
  }

  const deliveriesOf = (received: readonly ReceivedDelivery[], seq: number) => received.filter((r) => r.delivery.streamSequence === seq);

  describe('when messages wait in the stream', () => {
    let name: string;
    let subject: string;
    let received: ReceivedDelivery[];
    beforeAll(async () => {
      const f = await fixture();
      ({ name, subject } = f);
      await f.publish(3);
      received = await f.read(true).waitForCount(3);
    });

    it('should deliver them in order, first delivery, with stream, subject, headers and data', () => {
      expect(
        received.map(({ delivery: d }) => ({ stream: d.stream, subject: d.subject, seq: d.streamSequence, count: d.deliveryCount, headers: d.headers, data: new TextDecoder().decode(d.data) })),
      ).toStrictEqual(
        [1, 2, 3].map((i) => ({ stream: name, subject, seq: i, count: 1, headers: { 'ce-id': `${name}-${i}`, 'x-index': `${i}`, 'Nats-Msg-Id': `${name}-${i}` }, data: `{"i":${i}}` })),
      );
    });
  });

  describe('when a delivery is nakked with a delay', () => {
    let nakAt: number;
    let again: ReceivedDelivery;
    beforeAll(async () => {
      const f = await fixture();
      await f.publish(1);
      const reader = f.read();
      const [first] = await reader.waitForCount(1);
      nakAt = performance.now();
      await first!.delivery.nak(1_500);
      [, again] = (await reader.waitForCount(2, 5_000)) as [ReceivedDelivery, ReceivedDelivery];
      await again.delivery.ack();
    });

    it('should deliver it again, as delivery 2', () => {
      expect([again.delivery.streamSequence, again.delivery.deliveryCount]).toStrictEqual([1, 2]);
    });

    it('should deliver it again no earlier than the delay', () => {
      expect(again.receivedAt - nakAt).toBeGreaterThanOrEqual(1_490);
    });
  });

  describe('when the reader calls working() on one delivery and leaves another alone past the ack wait', () => {
    let worked: number;
    let leftAlone: number;
    beforeAll(async () => {
      const f = await fixture({ ackWaitMs: 1_000 });
      await f.publish(2);
      const reader = f.read();
      const [a] = await reader.waitForCount(2);
      const until = performance.now() + 2_500;
      while (performance.now() < until) {
        await a!.delivery.working();
        await delay(300);
      }
      worked = deliveriesOf(reader.received, 1).length;
      leftAlone = deliveriesOf(reader.received, 2).length;
      await a!.delivery.ack();
    });

    it('should not deliver the worked-on message again', () => {
      expect(worked).toBe(1);
    });

    it('should deliver the other one again (the ack wait did run)', () => {
      expect(leftAlone).toBeGreaterThanOrEqual(2);
    });
  });

  describe('when one delivery is terminated and another is left alone past the ack wait', () => {
    let termed: number;
    let leftAlone: number;
    beforeAll(async () => {
      const f = await fixture({ ackWaitMs: 500 });
      await f.publish(2);
      const reader = f.read();
      const [a] = await reader.waitForCount(2);
      await a!.delivery.term('handler refused it');
      await waitFor(() => deliveriesOf(reader.received, 2).length >= 3, { timeoutMs: 5_000, description: 'two redeliveries of the message left alone' });
      termed = deliveriesOf(reader.received, 1).length;
      leftAlone = deliveriesOf(reader.received, 2).length;
    });

    it('should never deliver the terminated message again', () => {
      expect(termed).toBe(1);
    });

    it('should keep delivering the other one (the ack wait ran twice)', () => {
      expect(leftAlone).toBeGreaterThanOrEqual(3);
    });
  });

  describe('when the reader holds one delivery and reads no further', () => {
    let ackPending: number;
    beforeAll(async () => {
      const f = await fixture();
      await f.publish(30);
      const iterator = nats.transport.subscribe(f.spec)[Symbol.asyncIterator]();
      await iterator.next();
      await waitFor(async () => (await nats.jsm.consumers.info(f.name, 'reader')).num_ack_pending >= 10, { description: 'the first batch pulled' });
      await delay(QUIET_MS);
      ackPending = (await nats.jsm.consumers.info(f.name, 'reader')).num_ack_pending;
      await iterator.return?.();
    });

    it('should have pulled one batch (pullBatch 10) and no more', () => {
      expect(ackPending).toBe(10);
    });
  });

  describe('when stopped while holding pulled messages it has not yielded', () => {
    let pulledBeforeStop: number;
    let endedAfterStop: boolean;
    let takenOver: number[];
    let takenOverWithin: number;
    let held: Delivery;
    let heldRedelivered: boolean;
    beforeAll(async () => {
      const f = await fixture({ ackWaitMs: 30_000 });
      await f.publish(8);
      const subscription = nats.transport.subscribe(f.spec);
      const iterator = subscription[Symbol.asyncIterator]();
      held = (await iterator.next()).value as Delivery;
      await waitFor(async () => (await nats.jsm.consumers.info(f.name, 'reader')).num_ack_pending === 8, { description: 'all 8 pulled' });
      pulledBeforeStop = (await nats.jsm.consumers.info(f.name, 'reader')).num_ack_pending;
      await subscription.stop();
      endedAfterStop = (await iterator.next()).done === true;
      const started = performance.now();
      const next = f.read(true);
      await next.waitForCount(7, 5_000);
      takenOverWithin = performance.now() - started;
      takenOver = next.received.map((r) => r.delivery.streamSequence).sort((a, b) => a - b);
      heldRedelivered = (await next.countAfter(QUIET_MS)) > 7;
      await held.ack();
    });

    it('should have pulled more than it yielded', () => {
      expect(pulledBeforeStop).toBe(8);
    });

    it('should end its iteration', () => {
      expect(endedAfterStop).toBe(true);
    });

    it('should release the unread messages to the next reader', () => {
      expect(takenOver).toStrictEqual([2, 3, 4, 5, 6, 7, 8]);
    });

    it('should release them at once, not after the 30 s ack wait', () => {
      expect(takenOverWithin).toBeLessThan(5_000);
    });

    it('should leave the yielded delivery to its reader', () => {
      expect(heldRedelivered).toBe(false);
    });
  });

  describe('when the consumer is deleted and provisioned again while a reader waits', () => {
    let delivered: number[];
    beforeAll(async () => {
      const f = await fixture();
      await f.publish(1);
      const reader = f.read(true);
      await reader.waitForCount(1);
      await nats.jsm.consumers.delete(f.name, 'reader');
      await nats.transport.ensureConsumer(f.spec);
      await nats.transport.publish({ subject: f.subject, msgId: `${f.name}-after`, headers: {}, data: encoder.encode('{}') });
      await reader.waitForCount(3, 20_000);
      delivered = reader.received.map((r) => r.delivery.streamSequence);
    });

    it('should resume reading the new consumer, from the start of the stream', () => {
      expect(delivered).toStrictEqual([1, 1, 2]);
    });
  });
});
