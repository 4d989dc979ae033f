import { Command, Event } from '@jetbox/core';
import { z } from 'zod';
import { Amount, Balance, Id } from './money';

/** Why the accounts service refused to move money. */
export type RefusalReason = 'account_not_found' | 'account_closed' | 'insufficient_funds' | 'balance_limit';

const Refusal = z.enum(['account_not_found', 'account_closed', 'insufficient_funds', 'balance_limit']);

/** What every balance change carries: enough for the ledger to write the statement line. */
const Movement = { accountId: Id, amount: Amount, balance: Balance, seq: z.number().int().positive(), at: z.number().int() };

/** A movement's fields: `seq` is the account's version after it (1, 2, …), `at` epoch ms. */
export abstract class BalanceChanged {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    /** The balance after the change. */
    readonly balance: number,
    readonly seq: number,
    readonly at: number,
  ) {}
}

/** An account was opened, with a zero balance. */
@Event('banking.account.opened.v1', { schema: z.object({ accountId: Id, owner: z.string().min(1), currency: z.literal('EUR') }) })
export class AccountOpened {
  constructor(
    readonly accountId: string,
    readonly owner: string,
    readonly currency: 'EUR',
  ) {}
}

/** An account was closed: it takes no new movement, only refunds. */
@Event('banking.account.closed.v1', { schema: z.object({ accountId: Id }) })
export class AccountClosed {
  constructor(readonly accountId: string) {}
}

/** Money was paid in at the counter (POST /accounts/:id/deposits). */
@Event('banking.account.deposited.v1', { schema: z.object(Movement) })
export class MoneyDeposited extends BalanceChanged {}

/** Money was paid out at the counter (POST /accounts/:id/withdrawals). */
@Event('banking.account.withdrawn.v1', { schema: z.object(Movement) })
export class MoneyWithdrawn extends BalanceChanged {}

/** What the transfer saga asks of one account: `amount` for `transferId`. */
export abstract class TransferCommand {
  constructor(
    readonly transferId: string,
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

/** Command from the transfer saga: pay `amount` into `accountId` for `transferId`. */
@Command('banking.account.credit.v1', { schema: z.object({ transferId: Id, accountId: Id, amount: Amount }) })
export class CreditAccount extends TransferCommand {}

/** Command from the transfer saga: give the debited `amount` back to `accountId`; never refused. */
@Command('banking.account.refund.v1', { schema: z.object({ transferId: Id, accountId: Id, amount: Amount }) })
export class RefundAccount extends TransferCommand {}

/** A movement made for a transfer. */
export abstract class TransferMovement extends BalanceChanged {
  constructor(
    readonly transferId: string,
    accountId: string,
    amount: number,
    balance: number,
    seq: number,
    at: number,
  ) {
    super(accountId, amount, balance, seq, at);
  }
}

/** The source account paid `amount` out for a transfer. */
@Event('banking.account.debited.v1', { schema: z.object({ ...Movement, transferId: Id }) })
export class AccountDebited extends TransferMovement {}

/** The destination account received `amount` from a transfer. */
@Event('banking.account.credited.v1', { schema: z.object({ ...Movement, transferId: Id }) })
export class AccountCredited extends TransferMovement {}

/** The source account got back what a failed transfer had debited. */
@Event('banking.account.refunded.v1', { schema: z.object({ ...Movement, transferId: Id }) })
export class AccountRefunded extends TransferMovement {}

/** The accounts service refused a debit or a credit for a transfer. */
export abstract class MovementRefused {
  constructor(
    readonly transferId: string,
    readonly accountId: string,
    readonly reason: RefusalReason,
  ) {}
}

/** The source account could not pay: unknown, closed, or not enough money. Nothing moved. */
@Event('banking.account.debit-refused.v1', { schema: z.object({ transferId: Id, accountId: Id, reason: Refusal }) })
export class DebitRefused extends MovementRefused {}

/** The destination account cannot take the money (unknown, closed, or at its balance limit): for good. */
@Event('banking.account.credit-refused.v1', { schema: z.object({ transferId: Id, accountId: Id, reason: Refusal }) })
export class CreditRefused extends MovementRefused {}
