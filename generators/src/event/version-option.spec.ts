import { requestedVersion } from './version-option';

describe('requestedVersion', () => {
  describe("when Nx's own --version flag swallowed the option", () => {
    it('should read the number back from the command line', () => {
      expect(requestedVersion(false, ['node', 'nx', 'g', '@jetbox/generators:event', 'x', '--version=2'])).toStrictEqual(2);
    });

    it('should keep what is not a number as it was typed', () => {
      expect(requestedVersion(false, ['node', 'nx', '--version=two'])).toStrictEqual('two');
    });

    it('should leave the default when the command line has none', () => {
      expect(requestedVersion(false, ['node', 'nx', 'g', '@jetbox/generators:event', 'x'])).toStrictEqual(undefined);
    });
  });

  describe('when the option arrives as a number', () => {
    it('should keep it', () => {
      expect(requestedVersion(3, ['node', 'nx', '--version=2'])).toStrictEqual(3);
    });
  });
});
