import type { ResolvedRetryOptions } from './retry.options';

/**
 * The delay before retrying after failed attempt `attempt` (1-based), jitter applied:
 * never more than the nominal delay, never less than (1 − jitter) × it.
 */
export function retryDelayMs(options: ResolvedRetryOptions, attempt: number, random: () => number = Math.random): number {
  return Math.round(nominalDelayMs(options, attempt) * (1 - options.jitter * random()));
}

/** The delay before retrying after failed attempt `attempt` (1-based), without jitter. */
export function nominalDelayMs(options: ResolvedRetryOptions, attempt: number): number {
  const n = Math.max(1, attempt);
  const { backoff, initialDelayMs, maxDelayMs } = options;
  let delay: number;
  if (Array.isArray(backoff)) delay = backoff[Math.min(n, backoff.length) - 1] as number;
  else if (backoff === 'fixed') delay = initialDelayMs;
  else delay = initialDelayMs * 2 ** Math.min(n - 1, 30);
  return Math.min(delay, maxDelayMs);
}
