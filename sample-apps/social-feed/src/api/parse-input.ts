import type { z } from 'zod';
import { InvalidRequestError } from '../feed.errors';

/**
 * `value` checked against `schema`, or an `InvalidRequestError` (HTTP 400, `invalid_request`) whose
 * message names each wrong field and says what to send: `body.handle: a handle is 1–30 characters…`.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new InvalidRequestError('invalid_request', problems.join('; '));
}
