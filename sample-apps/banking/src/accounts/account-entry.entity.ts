import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../persistence/columns';

/** What moved money on an account. */
export type EntryKind = 'deposit' | 'withdrawal' | 'transfer_debit' | 'transfer_credit' | 'transfer_refund';

/**
 * One balance change, written in the transaction that changed the balance; owned by the accounts
 * service. `(transfer_id, kind)` is unique: a transfer can debit, credit or refund an account once.
 */
@Entity('account_entries')
export class AccountEntry {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** The account's version after this entry: 1, 2, 3, … per account. */
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: EntryKind;

  /** Signed, minor units: negative when money left the account. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  @Column({ name: 'balance_after', type: 'bigint', transformer: bigintAsNumber })
  balanceAfter!: number;

  @Column({ name: 'transfer_id', type: 'varchar', length: 36, nullable: true })
  transferId!: string | null;

  /** Epoch ms. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  at!: number;
}
