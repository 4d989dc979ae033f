import { appNames } from './app-names';

describe('appNames', () => {
  describe('when the app name has two words', () => {
    it('should name the stream, its subjects, its variable and the default database after them', () => {
      expect(appNames('order-fulfilment')).toStrictEqual({
        name: 'order-fulfilment',
        className: 'OrderFulfilment',
        fileName: 'order-fulfilment',
        streamName: 'ORDER_FULFILMENT',
        streamSubject: 'order-fulfilment.>',
        streamConstant: 'ORDER_FULFILMENT_STREAM',
        streamEnv: 'ORDER_FULFILMENT_STREAM',
        databaseName: 'order_fulfilment',
      });
    });
  });
});
