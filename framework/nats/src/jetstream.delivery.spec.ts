import { supportsTermReason } from './jetstream.delivery';

describe(supportsTermReason.name, () => {
  describe.each([
    ['2.9.10', false],
    ['2.10.22', false],
    ['2.11.0', true],
    ['2.12.1', true],
    ['3.0.0', true],
    [undefined, false],
  ])('when the server is %s', (version, expected) => {
    it(`should answer ${expected}`, () => {
      expect(supportsTermReason(version)).toBe(expected);
    });
  });
});
