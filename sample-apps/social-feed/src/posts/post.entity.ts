import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/** A post (table `posts`, owned by the posts service). */
@Entity({ name: 'posts' })
export class PostEntity {
  /** A UUIDv7: ids of one author's posts grow with their `createdAt`. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId!: string;

  /** At most 280 characters (Unicode code points). */
  @Column({ type: 'varchar', length: 280 })
  text!: string;

  /** Kept equal to the number of `post_likes` rows of the post, in the same transaction. */
  @Column({ name: 'like_count', type: 'int' })
  likeCount!: number;

  @Column(epochMsColumn('created_at'))
  createdAt!: number;
}
