import { z } from 'zod';
import { MAX_AMOUNT } from '../messages';
import { HttpError } from './http-result';

const required = (field: string, what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `${field} is required: ${what}` : `${field} must be ${what}, got ${JSON.stringify(issue.input)}`;

const amountIs = 'a whole number of cents (minor units) from 1 to 1000000000000, e.g. 1000 for 10.00';
const amount = z
  .number({ error: required('amount', amountIs) })
  .int({ error: (issue) => `amount must be a whole number of cents (minor units), got ${JSON.stringify(issue.input)}` })
  .positive({ error: (issue) => `amount must be greater than 0, got ${JSON.stringify(issue.input)}` })
  .max(MAX_AMOUNT, { error: (issue) => `amount must be at most ${MAX_AMOUNT} (1e12), got ${JSON.stringify(issue.input)}` });

const accountId = (field: string) =>
  z
    .string({ error: required(field, 'an account id (a string, as POST /accounts returned it)') })
    .min(1, { error: `${field} must not be empty` })
    .max(64, { error: `${field} is too long to be an account id` });

const object = <T extends z.ZodRawShape>(shape: T, example: string) => z.object(shape, { error: `the body must be a JSON object, e.g. ${example}` });

/** `POST /accounts`. */
export const OpenAccountBody = object(
  {
    owner: z
      .string({ error: required('owner', "the account holder's name, a non-empty string") })
      .trim()
      .min(1, { error: 'owner must not be empty' })
      .max(200, { error: 'owner must be at most 200 characters' }),
    currency: z.literal('EUR', { error: (issue) => `currency must be "EUR" (the only currency here) or left out, got ${JSON.stringify(issue.input)}` }).optional(),
  },
  '{"owner": "Ada", "currency": "EUR"}',
);

/** `POST /accounts/:id/deposits` and `/withdrawals`. */
export const AmountBody = object({ amount }, '{"amount": 1000}');

/** `POST /transfers`. */
export const TransferBody = object({ fromAccountId: accountId('fromAccountId'), toAccountId: accountId('toAccountId'), amount }, '{"fromAccountId": "…", "toAccountId": "…", "amount": 1000}').refine(
  (body) => body.fromAccountId !== body.toAccountId,
  { error: 'fromAccountId and toAccountId must differ: a transfer moves money between two accounts' },
);

/** Validates `value` against `schema`, or throws a 400 whose message lists every problem found. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw HttpError.badRequest(result.error.issues.map((issue) => issue.message).join('; '));
}
