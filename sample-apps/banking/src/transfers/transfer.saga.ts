import { Handles, Publishes, type MessageContext } from '@jetbox/core';
import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { HANDLER_OPTIONS } from '../config/handler.options';
import {
  AccountCredited,
  AccountDebited,
  AccountRefunded,
  CreditAccount,
  CreditRefused,
  DebitRefused,
  RefundAccount,
  TransferCompleted,
  TransferFailed,
} from '../messages';
import { Transfer, type TransferStage, type TransferStatus } from './transfer.entity';

/**
 * The transfer saga: requested (the accounts service debits the source on `TransferRequested`, or
 * refuses → failed) → credit the destination → completed; a credit refused for good → refund the
 * source → failed. Each step is an idempotent handler that moves the transfer from the stage it
 * expects to the next and sends the next command in the same transaction; a message for a transfer
 * not at that stage changes nothing.
 */
@injectable()
export class TransferSaga {
  @Handles(AccountDebited, { ...HANDLER_OPTIONS, durable: 'transfers-debited' })
  @Publishes(CreditAccount)
  async onDebited(event: AccountDebited, ctx: MessageContext<EntityManager>): Promise<void> {
    const transfer = await ctx.manager.findOneBy(Transfer, { id: event.transferId });
    if (transfer && (await this.advance(ctx.manager, transfer.id, 'requested', { stage: 'crediting' }))) {
      ctx.publish(new CreditAccount(transfer.id, transfer.toAccountId, transfer.amount), { key: transfer.id });
    }
  }

  @Handles(DebitRefused, { ...HANDLER_OPTIONS, durable: 'transfers-debit-refused' })
  @Publishes(TransferFailed)
  async onDebitRefused(event: DebitRefused, ctx: MessageContext<EntityManager>): Promise<void> {
    if (await this.advance(ctx.manager, event.transferId, 'requested', this.finished('failed', event.reason))) {
      ctx.publish(new TransferFailed(event.transferId, event.reason), { key: event.transferId });
    }
  }

  @Handles(AccountCredited, { ...HANDLER_OPTIONS, durable: 'transfers-credited' })
  @Publishes(TransferCompleted)
  async onCredited(event: AccountCredited, ctx: MessageContext<EntityManager>): Promise<void> {
    if (await this.advance(ctx.manager, event.transferId, 'crediting', this.finished('completed', null))) {
      ctx.publish(new TransferCompleted(event.transferId), { key: event.transferId });
    }
  }

  @Handles(CreditRefused, { ...HANDLER_OPTIONS, durable: 'transfers-credit-refused' })
  @Publishes(RefundAccount)
  async onCreditRefused(event: CreditRefused, ctx: MessageContext<EntityManager>): Promise<void> {
    const transfer = await ctx.manager.findOneBy(Transfer, { id: event.transferId });
    const reason = `destination_${event.reason.replace(/^account_/, '')}`;
    if (transfer && (await this.advance(ctx.manager, transfer.id, 'crediting', { stage: 'refunding', reason }))) {
      ctx.publish(new RefundAccount(transfer.id, transfer.fromAccountId, transfer.amount), { key: transfer.id });
    }
  }

  @Handles(AccountRefunded, { ...HANDLER_OPTIONS, durable: 'transfers-refunded' })
  @Publishes(TransferFailed)
  async onRefunded(event: AccountRefunded, ctx: MessageContext<EntityManager>): Promise<void> {
    const transfer = await ctx.manager.findOneBy(Transfer, { id: event.transferId });
    if (transfer && (await this.advance(ctx.manager, transfer.id, 'refunding', this.finished('failed', transfer.reason)))) {
      ctx.publish(new TransferFailed(transfer.id, transfer.reason ?? 'refunded'), { key: transfer.id });
    }
  }

  /** Moves the transfer from stage `from` to `changes`; false (nothing changed) when it was not at `from`. */
  private async advance(manager: EntityManager, id: string, from: TransferStage, changes: Partial<Transfer>): Promise<boolean> {
    const { affected } = await manager.update(Transfer, { id, stage: from }, changes);
    return affected === 1;
  }

  private finished(status: Exclude<TransferStatus, 'pending'>, reason: string | null): Partial<Transfer> {
    return { status, stage: 'done', reason, finishedAt: Date.now() };
  }
}
