import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { MAX_BALANCE, type RefusalReason } from '../messages';
import { AccountEntry, type EntryKind } from './account-entry.entity';
import { Account } from './account.entity';

/** A change to make to one balance; `amount` is positive, `kind` says which way it goes. */
export interface Movement {
  readonly accountId: string;
  readonly amount: number;
  readonly kind: EntryKind;
  readonly transferId?: string;
}

/** The change made, or why it was refused (nothing changed then). */
export type MovementResult = { readonly ok: true; readonly entry: AccountEntry } | { readonly ok: false; readonly reason: RefusalReason };

const OUTGOING: ReadonlySet<EntryKind> = new Set(['withdrawal', 'transfer_debit']);

/**
 * Changes balances, inside the caller's transaction. Each movement is one conditional UPDATE —
 * `balance >= amount` for money going out, `balance <= MAX_BALANCE - amount` for money coming in,
 * and `status = 'open'` unless it is a refund — so two concurrent debits can never both pass on the
 * same money, and an entry row is written beside it in the same transaction.
 */
@injectable()
export class AccountBook {
  /** Applies `movement` through `manager`; nothing changes when it is refused. */
  async apply(manager: EntityManager, movement: Movement): Promise<MovementResult> {
    const { accountId, amount, kind } = movement;
    const outgoing = OUTGOING.has(kind);
    const update = manager
      .createQueryBuilder()
      .update(Account)
      .set({ balance: () => (outgoing ? 'balance - :amount' : 'balance + :amount'), version: () => 'version + 1' })
      .where('id = :accountId', { accountId, amount });
    if (outgoing) update.andWhere('balance >= :amount');
    else update.andWhere('balance <= :ceiling', { ceiling: MAX_BALANCE - amount });
    if (kind !== 'transfer_refund') update.andWhere("status = 'open'");
    const { affected } = await update.execute();
    if (affected !== 1) return { ok: false, reason: await this.refusal(manager, accountId, outgoing) };

    const account = await manager.findOneByOrFail(Account, { id: accountId });
    const entry = manager.create(AccountEntry, {
      accountId,
      seq: account.version,
      kind,
      amount: outgoing ? -amount : amount,
      balanceAfter: account.balance,
      transferId: movement.transferId ?? null,
      at: Date.now(),
    });
    await manager.insert(AccountEntry, entry);
    return { ok: true, entry };
  }

  /** Why the conditional UPDATE matched no row. */
  private async refusal(manager: EntityManager, accountId: string, outgoing: boolean): Promise<RefusalReason> {
    const account = await manager.findOneBy(Account, { id: accountId });
    if (!account) return 'account_not_found';
    if (account.status !== 'open') return 'account_closed';
    return outgoing ? 'insufficient_funds' : 'balance_limit';
  }
}
