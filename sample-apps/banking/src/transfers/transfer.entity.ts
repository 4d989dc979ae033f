import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../persistence/columns';

/** What a client sees of a transfer. */
export type TransferStatus = 'pending' | 'completed' | 'failed';

/** Where the saga is: each step moves only from the one before it, so a repeated event changes nothing. */
export type TransferStage = 'requested' | 'crediting' | 'refunding' | 'done';

/** A transfer and its saga state; owned by the transfers service. */
@Entity('transfers')
export class Transfer {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'from_account_id', type: 'varchar', length: 36 })
  fromAccountId!: string;

  @Column({ name: 'to_account_id', type: 'varchar', length: 36 })
  toAccountId!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: TransferStatus;

  @Column({ type: 'varchar', length: 16 })
  stage!: TransferStage;

  /** Why it failed; null otherwise. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason!: string | null;

  /** Epoch ms of the POST. */
  @Column({ name: 'requested_at', type: 'bigint', transformer: bigintAsNumber })
  requestedAt!: number;

  /** Epoch ms when it completed or failed. */
  @Column({ name: 'finished_at', type: 'bigint', transformer: bigintAsNumber, nullable: true })
  finishedAt!: number | null;
}
