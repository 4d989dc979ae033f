import { Handles, type MessageContext } from '@jetbox/core';
import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { HANDLER_OPTIONS } from '../config/handler.options';
import { AccountCredited, AccountDebited, AccountRefunded, MoneyDeposited, MoneyWithdrawn, type BalanceChanged, type TransferMovement } from '../messages';
import { StatementLine, type StatementLineType } from './statement-line.entity';

/**
 * The ledger: one statement per account, a projection built only from the accounts service's
 * events. Each line is keyed by the account's version after the movement (`seq`), so lines sort in
 * the order the balance changed whatever order the events arrive in, and a line is written once.
 */
@injectable()
export class LedgerProjection {
  @Handles(MoneyDeposited, { ...HANDLER_OPTIONS, durable: 'ledger-deposited' })
  async onDeposited(event: MoneyDeposited, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.write(ctx.manager, 'deposit', event, event.amount);
  }

  @Handles(MoneyWithdrawn, { ...HANDLER_OPTIONS, durable: 'ledger-withdrawn' })
  async onWithdrawn(event: MoneyWithdrawn, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.write(ctx.manager, 'withdrawal', event, -event.amount);
  }

  @Handles(AccountDebited, { ...HANDLER_OPTIONS, durable: 'ledger-debited' })
  async onDebited(event: AccountDebited, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.write(ctx.manager, 'transfer_out', event, -event.amount);
  }

  @Handles(AccountCredited, { ...HANDLER_OPTIONS, durable: 'ledger-credited' })
  async onCredited(event: AccountCredited, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.write(ctx.manager, 'transfer_in', event, event.amount);
  }

  @Handles(AccountRefunded, { ...HANDLER_OPTIONS, durable: 'ledger-refunded' })
  async onRefunded(event: AccountRefunded, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.write(ctx.manager, 'refund', event, event.amount);
  }

  /** One line per (account, seq): a second event for the same movement would be ignored, not added. */
  private async write(manager: EntityManager, type: StatementLineType, event: BalanceChanged | TransferMovement, signedAmount: number): Promise<void> {
    const transferId = 'transferId' in event ? event.transferId : null;
    await manager
      .createQueryBuilder()
      .insert()
      .into(StatementLine)
      .values({ accountId: event.accountId, seq: event.seq, type, amount: signedAmount, transferId, at: event.at })
      .orIgnore()
      .execute();
  }
}
