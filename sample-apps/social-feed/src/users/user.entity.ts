import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/** A user (table `users`, owned by the users service). */
@Entity({ name: 'users' })
export class UserEntity {
  /** A UUIDv7. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** 1–30 characters of `[a-z0-9_]`; unique. */
  @Column({ type: 'varchar', length: 30 })
  handle!: string;

  @Column(epochMsColumn('created_at'))
  createdAt!: number;
}
