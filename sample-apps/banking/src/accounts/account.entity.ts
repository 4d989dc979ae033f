import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../persistence/columns';

/** Whether an account takes new movements. Closed accounts are only refunded. */
export type AccountStatus = 'open' | 'closed';

/** An account and its balance; owned by the accounts service. */
@Entity('accounts')
export class Account {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  owner!: string;

  @Column({ type: 'varchar', length: 3 })
  currency!: 'EUR';

  /** Minor units (cents); never negative: debits are conditional UPDATEs (`balance >= amount`). */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  balance!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: AccountStatus;

  /** Movements so far; each movement's `seq` is the version it produced, so statements sort exactly. */
  @Column({ type: 'int' })
  version!: number;

  /** Epoch ms. */
  @Column({ name: 'opened_at', type: 'bigint', transformer: bigintAsNumber })
  openedAt!: number;
}
