import type { OutgoingMessage } from '@jetbox/core';
import { useFixture, type ConformanceContext } from './conformance.fixture';
import type { ReceivedDelivery } from './delivery-collector';

const ACK_WAIT_MS = 300;

/** First deliveries: order, filtering, content, and that ack and term settle a message for good. */
export function deliveryCases(context: ConformanceContext): void {
  describe('delivery', () => {
    describe('when a consumer reads messages it has not seen', () => {
      const fixture = useFixture(context);
      let sent: OutgoingMessage[];
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        sent = [
          fixture.message(1),
          { ...fixture.message(2), data: new Uint8Array([0, 1, 127, 128, 255]) },
          { ...fixture.message(3), data: new Uint8Array(0) },
        ];
        for (const message of sent) await context.transport().publish(message);
        received = await fixture.read({ autoAck: true }).waitForCount(3);
      });

      it('should deliver them in stream order', () => {
        expect(received.map((r) => r.delivery.streamSequence)).toStrictEqual([1, 2, 3]);
      });

      it('should deliver each with deliveryCount 1', () => {
        expect(received.map((r) => r.delivery.deliveryCount)).toStrictEqual([1, 1, 1]);
      });

      it('should deliver stream, subject, headers and data exactly as published', () => {
        const delivered = received.map(({ delivery: d }) => ({
          stream: d.stream,
          subject: d.subject,
          headers: { ...d.headers },
          data: Array.from(d.data),
        }));
        const published = sent.map((m) => ({
          stream: fixture.stream.name,
          subject: m.subject,
          headers: { ...m.headers },
          data: Array.from(m.data),
        }));
        expect(delivered).toStrictEqual(published);
      });
    });

    describe('when the stream also holds subjects the consumer does not filter on', () => {
      const fixture = useFixture(context);
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        await fixture.publish([1], fixture.otherSubject);
        await fixture.publish([2]);
        await fixture.publish([3], fixture.otherSubject);
        await fixture.publish([4]);
        received = await fixture.read({ autoAck: true }).waitForCount(2);
      });

      it('should deliver only messages on its filter subject', () => {
        expect(received.map((r) => r.delivery.streamSequence)).toStrictEqual([2, 4]);
      });
    });

    describe('when a delivery is acknowledged', () => {
      const fixture = useFixture(context, { consumer: { ackWaitMs: ACK_WAIT_MS } });
      let count: number;
      beforeAll(async () => {
        await fixture.publish([1]);
        const reader = fixture.read();
        const [first] = await reader.waitForCount(1);
        await first.delivery.ack();
        count = await reader.countAfter(2 * ACK_WAIT_MS + context.toleranceMs);
      });

      it('should not deliver it again', () => {
        expect(count).toBe(1);
      });
    });

    describe('when a delivery is terminated', () => {
      const fixture = useFixture(context, { consumer: { ackWaitMs: ACK_WAIT_MS } });
      let count: number;
      beforeAll(async () => {
        await fixture.publish([1]);
        const reader = fixture.read();
        const [first] = await reader.waitForCount(1);
        await first.delivery.term('conformance: give up');
        count = await reader.countAfter(2 * ACK_WAIT_MS + context.toleranceMs);
      });

      it('should not deliver it again', () => {
        expect(count).toBe(1);
      });
    });
  });
}
