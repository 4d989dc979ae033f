import { nominalDelayMs, retryDelayMs } from './backoff';
import { RETRY_DEFAULTS, validateRetryOptions } from './retry.options';

describe('nominalDelayMs', () => {
  describe('when exponential', () => {
    const options = { ...RETRY_DEFAULTS, initialDelayMs: 100, maxDelayMs: 1_000 };

    it('should double each attempt up to the cap', () => {
      expect([1, 2, 3, 4, 5, 6].map((n) => nominalDelayMs(options, n))).toStrictEqual([100, 200, 400, 800, 1_000, 1_000]);
    });
  });

  describe('when fixed', () => {
    it('should repeat the initial delay', () => {
      expect([1, 2, 3].map((n) => nominalDelayMs({ ...RETRY_DEFAULTS, backoff: 'fixed', initialDelayMs: 250 }, n))).toStrictEqual([250, 250, 250]);
    });
  });

  describe('when a list', () => {
    it('should use each delay in turn and repeat the last', () => {
      expect([1, 2, 3, 4].map((n) => nominalDelayMs({ ...RETRY_DEFAULTS, backoff: [10, 50, 300] }, n))).toStrictEqual([10, 50, 300, 300]);
    });
  });
});

describe('retryDelayMs', () => {
  const options = { ...RETRY_DEFAULTS, initialDelayMs: 1_000, jitter: 0.2 };

  it('should shorten by at most the jitter fraction', () => {
    expect([0, 0.5, 0.999].map((r) => retryDelayMs(options, 1, () => r))).toStrictEqual([1_000, 900, 800]);
  });
});

describe('validateRetryOptions', () => {
  it('should accept the defaults', () => {
    expect(validateRetryOptions(RETRY_DEFAULTS, 'X.m')).toStrictEqual([]);
  });

  it('should reject an empty backoff list, saying what to give instead', () => {
    expect(validateRetryOptions({ backoff: [] }, 'X.m')).toStrictEqual([
      "X.m: retry.backoff is an empty list; give at least one delay in ms, or use 'exponential'",
    ]);
  });

  it('should reject maxDeliver 0', () => {
    expect(validateRetryOptions({ maxDeliver: 0 }, 'X.m')).toStrictEqual([
      'X.m: retry.maxDeliver must be a whole number ≥ 1 (got 0); use 1 for no retries',
    ]);
  });

  it('should reject a jitter above 1', () => {
    expect(validateRetryOptions({ jitter: 2 }, 'X.m')).toStrictEqual(['X.m: retry.jitter must be between 0 and 1 (got 2)']);
  });
});
