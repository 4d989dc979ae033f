import type { Delivery } from '@jetbox/core';
import { useFixture, type ConformanceContext } from './conformance.fixture';
import type { ReceivedDelivery } from './delivery-collector';
import { waitFor } from '../wait-for';

const WINDOW_MS = 300;

const sequences = (received: readonly ReceivedDelivery[]) => received.map((r) => r.delivery.streamSequence);

/** Flow control and sharing: maxAckPending, several subscriptions on one durable, stop(). */
export function flowCases(context: ConformanceContext): void {
  describe('flow', () => {
    describe('when the reader holds maxAckPending deliveries unacknowledged', () => {
      const fixture = useFixture(context, { consumer: { maxAckPending: 2 } });
      let heldBack: number;
      let afterAck: number;
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        await fixture.publish([1, 2, 3, 4, 5]);
        const reader = fixture.read();
        const [first] = await reader.waitForCount(2);
        heldBack = await reader.countAfter(WINDOW_MS);
        await first.delivery.ack();
        await reader.waitForCount(3);
        afterAck = await reader.countAfter(WINDOW_MS);
        received = reader.received;
      });

      it('should deliver no more than maxAckPending', () => {
        expect(heldBack).toBe(2);
      });

      it('should deliver one more for each ack', () => {
        expect(afterAck).toBe(3);
      });

      it('should deliver in stream order', () => {
        expect(sequences(received)).toStrictEqual([1, 2, 3]);
      });
    });

    describe('when two subscriptions read the same durable', () => {
      const fixture = useFixture(context);
      let delivered: number[];
      beforeAll(async () => {
        const readers = [fixture.read({ autoAck: true }), fixture.read({ autoAck: true })];
        await fixture.publish([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const total = () => readers[0].received.length + readers[1].received.length;
        await waitFor(() => total() >= 10, {
          timeoutMs: 5_000,
          description: '10 deliveries across both subscriptions',
        });
        await readers[0].countAfter(WINDOW_MS);
        delivered = readers.flatMap((r) => sequences(r.received)).sort((a, b) => a - b);
      });

      it('should deliver each message to one of them, once', () => {
        expect(delivered).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });
    });

    describe('when a subscription with no message to deliver is stopped', () => {
      const fixture = useFixture(context);
      let ended: boolean;
      beforeAll(async () => {
        const reader = fixture.read();
        await reader.stop();
        ended = reader.hasEnded;
      });

      it('should end its iteration', () => {
        expect(ended).toBe(true);
      });
    });

    describe('when a subscription is stopped after yielding one of several messages', () => {
      const fixture = useFixture(context);
      let first: Delivery;
      let rest: number[];
      let settled: unknown;
      beforeAll(async () => {
        await fixture.publish([1, 2, 3, 4, 5]);
        const subscription = context.transport().subscribe(fixture.consumer);
        const next = await subscription[Symbol.asyncIterator]()
          .next()
          .finally(() => subscription.stop());
        if (next.done) throw new Error('the subscription ended before yielding a delivery');
        first = next.value;
        // ackWaitMs is 10 s: messages a stopped subscription kept would arrive far too late.
        rest = sequences(await fixture.read({ autoAck: true }).waitForCount(4, 3_000));
        settled = await first.ack().then(() => 'acked');
      });

      it('should have yielded the first message', () => {
        expect(first.streamSequence).toBe(1);
      });

      it('should leave the other messages to another subscription at once', () => {
        expect(rest).toStrictEqual([2, 3, 4, 5]);
      });

      it('should leave the yielded delivery to its reader to settle', () => {
        expect(settled).toBe('acked');
      });
    });
  });
}
