import { JetboxError, type PublishReceipt, type Transport } from '@jetbox/core';
import { rejectionOf, uniqueSuffix, useFixture, type ConformanceContext } from './conformance.fixture';
import type { ReceivedDelivery } from './delivery-collector';

/** Declaring streams and consumers: idempotent, updatable, and refusing what cannot work. */
export function provisioningCases(context: ConformanceContext): void {
  describe('provisioning', () => {
    describe('when ensureStream and ensureConsumer are called again with the same specs', () => {
      const fixture = useFixture(context);
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        await context.transport().ensureStream(fixture.stream);
        await context.transport().ensureConsumer(fixture.consumer);
        await fixture.publish([1]);
        received = await fixture.read({ autoAck: true }).waitForCount(1);
      });

      it('should keep storing and delivering', () => {
        expect(received.map((r) => [r.delivery.streamSequence, r.delivery.deliveryCount])).toStrictEqual([
          [1, 1],
        ]);
      });
    });

    describe('when a stream is updated to capture another subject', () => {
      const fixture = useFixture(context);
      const added = `confadded.${uniqueSuffix()}.event.v1`;
      let receipt: PublishReceipt;
      beforeAll(async () => {
        await fixture.publish([1]);
        await context
          .transport()
          .ensureStream({ ...fixture.stream, subjects: [...fixture.stream.subjects, added] });
        receipt = await context.transport().publish(fixture.message(2, added));
      });

      it('should store messages on the added subject after the existing ones', () => {
        expect(receipt).toStrictEqual({ stream: fixture.stream.name, seq: 2, duplicate: false });
      });
    });

    describe("when a stream's subjects overlap another stream's", () => {
      const fixture = useFixture(context);
      let error: unknown;
      beforeAll(async () => {
        const overlapping = {
          name: `CONF_${uniqueSuffix()}`,
          subjects: [fixture.subject],
          storage: 'memory' as const,
        };
        error = await rejectionOf(context.transport().ensureStream(overlapping));
      });

      it('should reject with a JetboxError', () => {
        expect(JetboxError.is(error)).toBe(true);
      });
    });

    describe("when a stream's storage would change", () => {
      const fixture = useFixture(context);
      let error: unknown;
      beforeAll(async () => {
        error = await rejectionOf(context.transport().ensureStream({ ...fixture.stream, storage: 'file' }));
      });

      it('should reject with a JetboxError', () => {
        expect(JetboxError.is(error)).toBe(true);
      });
    });
  });
}

/** Connect and close on a transport of its own: health follows the connection, close is idempotent. */
export function lifecycleCases(context: ConformanceContext): void {
  describe('lifecycle', () => {
    describe('when a transport is connected, then closed twice', () => {
      let healthy: boolean[];
      let secondClose: unknown;
      beforeAll(async () => {
        const transport: Transport = await context.factory();
        await transport.connect();
        healthy = [transport.isHealthy()];
        await transport.close();
        healthy.push(transport.isHealthy());
        secondClose = await rejectionOf(transport.close());
      });

      it('should be healthy while connected and not after close', () => {
        expect(healthy).toStrictEqual([true, false]);
      });

      it('should resolve the second close', () => {
        expect(secondClose).toBeUndefined();
      });
    });
  });
}
