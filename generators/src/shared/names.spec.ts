import { constantCase, isKebabCase, pascalCase, requireKebabCase, toKebabCase } from './names';

describe('names', () => {
  describe('isKebabCase', () => {
    it('should accept lower-case words of letters and digits joined by single hyphens', () => {
      expect(['payments', 'payment-captured', 'v2-api', 'a1'].map(isKebabCase)).toStrictEqual([true, true, true, true]);
    });

    it('should refuse capitals, underscores, dots, doubled or edge hyphens and a leading digit', () => {
      expect(['PaymentCaptured', 'payment_captured', 'payment.captured', 'payment--captured', '-payment', 'payment-', '1payment', ''].map(isKebabCase)).toStrictEqual(
        [false, false, false, false, false, false, false, false],
      );
    });
  });

  describe('toKebabCase', () => {
    it('should spell camel, Pascal, snake, dotted and spaced names in kebab case', () => {
      expect(['PaymentCaptured', 'paymentCaptured', 'payment_captured', 'payment.captured', 'Payment Captured', 'HTTPServer'].map(toKebabCase)).toStrictEqual([
        'payment-captured',
        'payment-captured',
        'payment-captured',
        'payment-captured',
        'payment-captured',
        'http-server',
      ]);
    });

    it('should have no spelling for a name that cannot start with a letter', () => {
      expect(['123', '--', ''].map(toKebabCase)).toStrictEqual([undefined, undefined, undefined]);
    });
  });

  describe('requireKebabCase', () => {
    describe('when the name is not kebab case', () => {
      it('should refuse with the kebab-case spelling to type', () => {
        expect(() => requireKebabCase('PaymentCaptured', 'The event name')).toThrow("The event name 'PaymentCaptured' is not kebab case: type payment-captured.");
      });
    });

    describe('when no kebab-case spelling exists', () => {
      it('should refuse saying what a kebab-case name is', () => {
        expect(() => requireKebabCase('42', '--event')).toThrow(
          "--event '42' is not kebab case: type lower-case words of letters and digits joined by hyphens, starting with a letter (payment-captured).",
        );
      });
    });
  });

  describe('case conversions', () => {
    it('should give the class and constant names of a kebab-case name', () => {
      expect([pascalCase('order-fulfilment'), constantCase('order-fulfilment')]).toStrictEqual(['OrderFulfilment', 'ORDER_FULFILMENT']);
    });
  });
});
