import { until, useFixture, type ConformanceContext } from './conformance.fixture';
import type { ReceivedDelivery } from './delivery-collector';

const ACK_WAIT_MS = 300;
const NAK_DELAY_MS = 300;
const BACKOFF_MS = [200, 600] as const;
const WORKING_ACK_WAIT_MS = 400;

const gaps = (received: readonly ReceivedDelivery[]) =>
  received.slice(1).map((r, i) => r.receivedAt - received[i].receivedAt);
const counts = (received: readonly ReceivedDelivery[]) =>
  received.map((r) => [r.delivery.streamSequence, r.delivery.deliveryCount]);

/** Redelivery: after ackWait, after a nak's delay, along backoffMs, postponed by working(), capped by maxDeliver. */
export function redeliveryCases(context: ConformanceContext): void {
  const tolerance = context.toleranceMs;

  describe('redelivery', () => {
    describe('when a delivery is not acknowledged', () => {
      const fixture = useFixture(context, { consumer: { ackWaitMs: ACK_WAIT_MS } });
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        await fixture.publish([1]);
        received = await fixture.read().waitForCount(2);
      });

      it('should deliver it again with deliveryCount 2', () => {
        expect(counts(received)).toStrictEqual([
          [1, 1],
          [1, 2],
        ]);
      });

      it('should wait ackWaitMs before delivering it again', () => {
        expect(gaps(received)[0]).toBeGreaterThanOrEqual(ACK_WAIT_MS - tolerance);
      });
    });

    describe('when a delivery is nakked with a delay', () => {
      const fixture = useFixture(context);
      let received: ReceivedDelivery[];
      let nakkedAt: number;
      beforeAll(async () => {
        await fixture.publish([1]);
        const reader = fixture.read();
        const [first] = await reader.waitForCount(1);
        nakkedAt = performance.now();
        await first.delivery.nak(NAK_DELAY_MS);
        received = await reader.waitForCount(2);
      });

      it('should deliver it again with deliveryCount 2', () => {
        expect(counts(received)).toStrictEqual([
          [1, 1],
          [1, 2],
        ]);
      });

      it('should wait the delay before delivering it again', () => {
        expect(received[1].receivedAt - nakkedAt).toBeGreaterThanOrEqual(NAK_DELAY_MS - tolerance);
      });
    });

    describe('when a consumer has backoffMs and deliveries are not acknowledged', () => {
      const fixture = useFixture(context, { consumer: { backoffMs: BACKOFF_MS, maxDeliver: 4 } });
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        await fixture.publish([1]);
        received = await fixture.read().waitForCount(4);
      });

      it('should deliver the message again each time, counting deliveries', () => {
        expect(counts(received)).toStrictEqual([
          [1, 1],
          [1, 2],
          [1, 3],
          [1, 4],
        ]);
      });

      it('should wait at least the first backoff value after the first delivery', () => {
        expect(gaps(received)[0]).toBeGreaterThanOrEqual(BACKOFF_MS[0] - tolerance);
      });

      it('should wait less than the second backoff value after the first delivery', () => {
        expect(gaps(received)[0]).toBeLessThan(BACKOFF_MS[1] - tolerance);
      });

      it('should wait the last backoff value after every later delivery', () => {
        expect(Math.min(...gaps(received).slice(1))).toBeGreaterThanOrEqual(BACKOFF_MS[1] - tolerance);
      });
    });

    describe('when the reader calls working() before the ack wait ends', () => {
      const fixture = useFixture(context, { consumer: { ackWaitMs: WORKING_ACK_WAIT_MS } });
      let received: ReceivedDelivery[];
      let lastWorkingAt: number;
      beforeAll(async () => {
        await fixture.publish([1]);
        const reader = fixture.read();
        const [first] = await reader.waitForCount(1);
        await until(first.receivedAt, WORKING_ACK_WAIT_MS / 2);
        await first.delivery.working();
        await until(first.receivedAt, WORKING_ACK_WAIT_MS);
        lastWorkingAt = performance.now();
        await first.delivery.working();
        received = await reader.waitForCount(2);
      });

      it('should deliver it again only ackWaitMs after the last working()', () => {
        expect(received[1].receivedAt - lastWorkingAt).toBeGreaterThanOrEqual(
          WORKING_ACK_WAIT_MS - tolerance,
        );
      });
    });

    describe('when a message was delivered maxDeliver times without an ack', () => {
      const fixture = useFixture(context, { consumer: { ackWaitMs: ACK_WAIT_MS, maxDeliver: 2 } });
      let counted: number;
      beforeAll(async () => {
        await fixture.publish([1]);
        const reader = fixture.read();
        await reader.waitForCount(2);
        counted = await reader.countAfter(2 * ACK_WAIT_MS + tolerance);
      });

      it('should not deliver it again', () => {
        expect(counted).toBe(2);
      });
    });
  });
}
