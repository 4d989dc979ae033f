import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../persistence/columns';

/** The type of a statement line. */
export type StatementLineType = 'deposit' | 'withdrawal' | 'transfer_out' | 'transfer_in' | 'refund';

/** One line of an account's statement; owned by the ledger, written only from events. */
@Entity('statement_lines')
export class StatementLine {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** The account's version after the movement (from the event): statements sort by it. */
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 20 })
  type!: StatementLineType;

  /** Signed, minor units: negative when money left the account. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  @Column({ name: 'transfer_id', type: 'varchar', length: 36, nullable: true })
  transferId!: string | null;

  /** Epoch ms of the movement. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  at!: number;
}
