import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/** `userId` likes `postId`, once (table `post_likes`, owned by the posts service). */
@Entity({ name: 'post_likes' })
export class LikeEntity {
  @PrimaryColumn({ name: 'post_id', type: 'varchar', length: 36 })
  postId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column(epochMsColumn('liked_at'))
  likedAt!: number;
}
