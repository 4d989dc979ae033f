/** How a failed delivery is retried. */
export interface RetryOptions {
  /** Attempts in all, the first included. After the last, the message is dead-lettered. Default 5. */
  readonly maxDeliver?: number;
  /**
   * Delay before each retry: `'exponential'` (initial × 2ⁿ⁻¹, capped), `'fixed'` (initial each time),
   * or explicit delays in ms per retry (the last repeats). Default `'exponential'`.
   */
  readonly backoff?: 'exponential' | 'fixed' | readonly number[];
  /** First retry delay. Default 1 000 ms. */
  readonly initialDelayMs?: number;
  /** Cap on any delay. Default 60 000 ms. */
  readonly maxDelayMs?: number;
  /** Each delay is shortened by up to this fraction, at random, so retries spread out. 0–1, default 0.2. */
  readonly jitter?: number;
}

/** Retry options with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The defaults, in one place. */
export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  maxDeliver: 5,
  backoff: 'exponential',
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: 0.2,
};

/** Every problem with `options`, as sentences naming `where`; empty when valid. */
export function validateRetryOptions(options: RetryOptions | undefined, where: string): string[] {
  if (options === undefined) return [];
  const problems: string[] = [];
  const isPositiveInt = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
  const isDelay = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (options.maxDeliver !== undefined && !isPositiveInt(options.maxDeliver)) {
    problems.push(`${where}: retry.maxDeliver must be a whole number ≥ 1 (got ${String(options.maxDeliver)}); use 1 for no retries`);
  }
  const { backoff } = options;
  if (Array.isArray(backoff)) {
    if (backoff.length === 0) problems.push(`${where}: retry.backoff is an empty list; give at least one delay in ms, or use 'exponential'`);
    else if (!backoff.every(isDelay)) problems.push(`${where}: retry.backoff must hold delays in ms ≥ 0 (got ${JSON.stringify(backoff)})`);
  } else if (backoff !== undefined && backoff !== 'exponential' && backoff !== 'fixed') {
    problems.push(`${where}: retry.backoff must be 'exponential', 'fixed' or a list of delays in ms (got ${JSON.stringify(backoff)})`);
  }
  if (options.initialDelayMs !== undefined && !isDelay(options.initialDelayMs)) {
    problems.push(`${where}: retry.initialDelayMs must be ≥ 0 ms (got ${String(options.initialDelayMs)})`);
  }
  if (options.maxDelayMs !== undefined && !isDelay(options.maxDelayMs)) {
    problems.push(`${where}: retry.maxDelayMs must be ≥ 0 ms (got ${String(options.maxDelayMs)})`);
  }
  if (options.jitter !== undefined && !(typeof options.jitter === 'number' && options.jitter >= 0 && options.jitter <= 1)) {
    problems.push(`${where}: retry.jitter must be between 0 and 1 (got ${String(options.jitter)})`);
  }
  return problems;
}
