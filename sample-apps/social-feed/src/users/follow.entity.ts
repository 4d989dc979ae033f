import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/** `followerId` follows `followeeId` (table `follows`, owned by the users service). */
@Entity({ name: 'follows' })
export class FollowEntity {
  @PrimaryColumn({ name: 'follower_id', type: 'varchar', length: 36 })
  followerId!: string;

  @PrimaryColumn({ name: 'followee_id', type: 'varchar', length: 36 })
  followeeId!: string;

  @Column(epochMsColumn('followed_at'))
  followedAt!: number;
}
