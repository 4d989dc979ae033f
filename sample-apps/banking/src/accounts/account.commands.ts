import { Publishes, unitOfWork } from '@jetbox/core';
import { inject, injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn, type RefusalReason } from '../messages';
import { AccountBook } from './account.book';
import { Account } from './account.entity';

/** A balance after a deposit or withdrawal, or why it was refused. */
export type CounterResult = { readonly ok: true; readonly balance: number } | { readonly ok: false; readonly reason: RefusalReason };

/**
 * The accounts service's synchronous commands, called by the api role so that a deposit or a
 * withdrawal answers with the new balance. Each runs in one transaction with its event: the balance
 * changes if, and only if, the event is written to the outbox. A caller passing its own unit of work
 * (the api's idempotency key) joins that transaction.
 */
@injectable()
export class AccountCommands {
  constructor(@inject(AccountBook) private readonly book: AccountBook) {}

  /** Opens an account with a zero balance. */
  @Publishes(AccountOpened)
  async open(id: string, owner: string, ctx = unitOfWork<EntityManager>()): Promise<Account> {
    const account = ctx.manager.create(Account, { id, owner, currency: 'EUR', balance: 0, status: 'open', version: 0, openedAt: Date.now() });
    await ctx.manager.insert(Account, account);
    ctx.publish(new AccountOpened(id, owner, 'EUR'), { key: id });
    return account;
  }

  /** Pays `amount` in; refused only for an unknown or closed account or past the balance limit. */
  @Publishes(MoneyDeposited)
  async deposit(accountId: string, amount: number, ctx = unitOfWork<EntityManager>()): Promise<CounterResult> {
    const result = await this.book.apply(ctx.manager, { accountId, amount, kind: 'deposit' });
    if (!result.ok) return result;
    const { entry } = result;
    ctx.publish(new MoneyDeposited(accountId, amount, entry.balanceAfter, entry.seq, entry.at), { key: accountId });
    return { ok: true, balance: entry.balanceAfter };
  }

  /** Pays `amount` out; refused (nothing changes) when the balance is short. */
  @Publishes(MoneyWithdrawn)
  async withdraw(accountId: string, amount: number, ctx = unitOfWork<EntityManager>()): Promise<CounterResult> {
    const result = await this.book.apply(ctx.manager, { accountId, amount, kind: 'withdrawal' });
    if (!result.ok) return result;
    const { entry } = result;
    ctx.publish(new MoneyWithdrawn(accountId, amount, entry.balanceAfter, entry.seq, entry.at), { key: accountId });
    return { ok: true, balance: entry.balanceAfter };
  }

  /**
   * Closes an account: it takes no deposit, withdrawal, debit or credit any more (a transfer to it
   * is refunded), but refunds still reach it. Resolves false for an unknown or already closed account.
   */
  @Publishes(AccountClosed)
  async close(accountId: string, ctx = unitOfWork<EntityManager>()): Promise<boolean> {
    const { affected } = await ctx.manager.update(Account, { id: accountId, status: 'open' }, { status: 'closed' });
    if (affected !== 1) return false;
    ctx.publish(new AccountClosed(accountId), { key: accountId });
    return true;
  }
}
