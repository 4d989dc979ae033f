import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/**
 * One post in one user's timeline (table `timeline_entries`). The primary key `(user_id, post_id)`
 * makes a batch written twice harmless; `created_at` is the post's, copied so a page is read from one index.
 */
@Entity({ name: 'timeline_entries' })
export class TimelineEntryEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'post_id', type: 'varchar', length: 36 })
  postId!: string;

  @Column(epochMsColumn('created_at'))
  createdAt!: number;
}
