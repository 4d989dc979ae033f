import { eventNames } from './event-names';

describe('eventNames', () => {
  describe('when the event is version 1', () => {
    it('should name the subject <app>.<event words>.v1, the class after the event and the field after what it is about', () => {
      expect(eventNames('payments', 'payment-captured', 1)).toStrictEqual({
        name: 'payment-captured',
        version: 1,
        className: 'PaymentCaptured',
        schemaName: 'PaymentCapturedSchema',
        fileName: 'payment-captured.event',
        subject: 'payments.payment.captured.v1',
        keyField: 'paymentId',
      });
    });
  });

  describe('when the event is a later version', () => {
    it('should put the version in the class, the file and the subject', () => {
      const names = eventNames('order-fulfilment', 'order-line-added', 3);
      expect([names.className, names.fileName, names.subject, names.keyField]).toStrictEqual([
        'OrderLineAddedV3',
        'order-line-added.v3.event',
        'order-fulfilment.order.line.added.v3',
        'orderLineId',
      ]);
    });
  });

  describe('when the event is one word', () => {
    it('should call its field id', () => {
      expect(eventNames('payments', 'ping', 1).keyField).toStrictEqual('id');
    });
  });
});
