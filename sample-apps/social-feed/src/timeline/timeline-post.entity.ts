import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/** The timeline service's copy of a post it fanned out: what a timeline page shows (table `timeline_posts`). */
@Entity({ name: 'timeline_posts' })
export class TimelinePostEntity {
  @PrimaryColumn({ name: 'post_id', type: 'varchar', length: 36 })
  postId!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId!: string;

  @Column({ type: 'varchar', length: 280 })
  text!: string;

  @Column(epochMsColumn('created_at'))
  createdAt!: number;
}
