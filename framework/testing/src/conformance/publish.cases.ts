import { JetboxError, type PublishReceipt } from '@jetbox/core';
import { rejectionOf, uniqueSuffix, useFixture, type ConformanceContext } from './conformance.fixture';
import type { ReceivedDelivery } from './delivery-collector';

/** 64 MiB + 1: above the largest `max_payload` a NATS server can be configured with. */
const OVERSIZED = 64 * 1024 * 1024 + 1;

const errorCode = (error: unknown) => ({
  jetboxError: JetboxError.is(error),
  code: JetboxError.is(error) ? error.code : undefined,
});

/** Publishing: sequence numbers, duplicate detection, and the errors a publish rejects with. */
export function publishCases(context: ConformanceContext): void {
  describe('publish', () => {
    describe('when three messages are published to a new stream', () => {
      const fixture = useFixture(context);
      let receipts: PublishReceipt[];
      beforeAll(async () => {
        receipts = await fixture.publish([1, 2, 3]);
      });

      it('should answer sequences 1, 2, 3 and the stream name', () => {
        const stream = fixture.stream.name;
        expect(receipts).toStrictEqual([
          { stream, seq: 1, duplicate: false },
          { stream, seq: 2, duplicate: false },
          { stream, seq: 3, duplicate: false },
        ]);
      });
    });

    describe('when a message id is published twice', () => {
      const fixture = useFixture(context);
      let receipts: PublishReceipt[];
      beforeAll(async () => {
        receipts = await fixture.publish([1, 1, 2]);
      });

      it('should answer the second publish as a duplicate of the first', () => {
        expect(receipts[1]).toStrictEqual({ stream: fixture.stream.name, seq: 1, duplicate: true });
      });

      it('should store nothing for the duplicate', () => {
        expect(receipts[2]).toStrictEqual({ stream: fixture.stream.name, seq: 2, duplicate: false });
      });
    });

    describe('when no stream captures the subject', () => {
      const fixture = useFixture(context);
      let error: unknown;
      beforeAll(async () => {
        error = await rejectionOf(
          context.transport().publish(fixture.message(1, `nocapture${uniqueSuffix()}.event.v1`)),
        );
      });

      it('should reject with a JetboxError coded PUBLISH_FAILED', () => {
        expect(errorCode(error)).toStrictEqual({ jetboxError: true, code: 'PUBLISH_FAILED' });
      });
    });

    describe('when the payload is larger than any server accepts', () => {
      const fixture = useFixture(context);
      let error: unknown;
      beforeAll(async () => {
        error = await rejectionOf(
          context.transport().publish({ ...fixture.message(1), data: new Uint8Array(OVERSIZED) }),
        );
      });

      it('should reject with a JetboxError coded PAYLOAD_TOO_LARGE', () => {
        expect(errorCode(error)).toStrictEqual({ jetboxError: true, code: 'PAYLOAD_TOO_LARGE' });
      });
    });

    describe('when the publisher reuses its buffer after the publish resolved', () => {
      const fixture = useFixture(context);
      let received: ReceivedDelivery[];
      beforeAll(async () => {
        const buffer = new Uint8Array([1, 2, 3]);
        await context.transport().publish({ ...fixture.message(1), data: buffer });
        buffer.fill(9);
        received = await fixture.read({ autoAck: true }).waitForCount(1);
      });

      it('should deliver the data as it was when published', () => {
        expect(Array.from(received[0].delivery.data)).toStrictEqual([1, 2, 3]);
      });
    });
  });
}
