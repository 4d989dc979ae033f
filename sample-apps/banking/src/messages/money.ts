import { z } from 'zod';

/** The largest amount one request may move, in minor units (cents): 1e12. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** The largest balance an account may hold, in minor units; far below 2^53, so sums stay exact. */
export const MAX_BALANCE = 1_000_000_000_000_000;

/** An amount of money in minor units: a whole number from 1 to {@link MAX_AMOUNT}. */
export const Amount = z.number().int().positive().max(MAX_AMOUNT);

/** A balance in minor units: a whole number from 0 to {@link MAX_BALANCE}. */
export const Balance = z.number().int().min(0).max(MAX_BALANCE);

/** An id as the services generate them (UUID). */
export const Id = z.string().min(1).max(64);
