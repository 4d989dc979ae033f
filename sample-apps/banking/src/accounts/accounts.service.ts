import { Handles, Publishes, type MessageContext } from '@jetbox/core';
import { inject, injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { AccountCredited, AccountDebited, AccountRefunded, CreditAccount, CreditRefused, DebitRefused, RefundAccount, TransferRequested } from '../messages';
import { HANDLER_OPTIONS } from '../config/handler.options';
import { AccountBook } from './account.book';

/**
 * The accounts service's part of the transfer saga: the debit when a transfer is requested, then
 * credits and refunds on the saga's command. Each handler runs in one transaction with its inbox
 * entry and its reply event, so a redelivered message moves no money twice.
 */
@injectable()
export class AccountsService {
  constructor(@inject(AccountBook) private readonly book: AccountBook) {}

  /** A transfer was requested: takes the money from the source, or refuses (unknown, closed, insufficient funds). */
  @Handles(TransferRequested, { ...HANDLER_OPTIONS, durable: 'accounts-debit' })
  @Publishes(AccountDebited, DebitRefused)
  async onTransferRequested(request: TransferRequested, ctx: MessageContext<EntityManager>): Promise<void> {
    const { transferId, fromAccountId: accountId, amount } = request;
    const result = await this.book.apply(ctx.manager, { accountId, amount, kind: 'transfer_debit', transferId });
    if (result.ok) {
      const { entry } = result;
      ctx.publish(new AccountDebited(transferId, accountId, amount, entry.balanceAfter, entry.seq, entry.at), { key: transferId });
    } else ctx.publish(new DebitRefused(transferId, accountId, result.reason), { key: transferId });
  }

  /** Pays the money into the destination, or refuses for good (unknown, closed, balance limit). */
  @Handles(CreditAccount, { ...HANDLER_OPTIONS, durable: 'accounts-credit' })
  @Publishes(AccountCredited, CreditRefused)
  async onCredit(command: CreditAccount, ctx: MessageContext<EntityManager>): Promise<void> {
    const { transferId, accountId, amount } = command;
    const result = await this.book.apply(ctx.manager, { accountId, amount, kind: 'transfer_credit', transferId });
    if (result.ok) {
      const { entry } = result;
      ctx.publish(new AccountCredited(transferId, accountId, amount, entry.balanceAfter, entry.seq, entry.at), { key: transferId });
    } else ctx.publish(new CreditRefused(transferId, accountId, result.reason), { key: transferId });
  }

  /** Gives a failed transfer's money back to its source; closed or not, a refund always lands. */
  @Handles(RefundAccount, { ...HANDLER_OPTIONS, durable: 'accounts-refund' })
  @Publishes(AccountRefunded)
  async onRefund(command: RefundAccount, ctx: MessageContext<EntityManager>): Promise<void> {
    const { transferId, accountId, amount } = command;
    const result = await this.book.apply(ctx.manager, { accountId, amount, kind: 'transfer_refund', transferId });
    // Only an account that vanished, or one at its balance limit, refuses a refund: retry until it can land.
    if (!result.ok) throw new Error(`cannot refund transfer ${transferId} to account ${accountId}: ${result.reason}; will retry`);
    const { entry } = result;
    ctx.publish(new AccountRefunded(transferId, accountId, amount, entry.balanceAfter, entry.seq, entry.at), { key: transferId });
  }
}
