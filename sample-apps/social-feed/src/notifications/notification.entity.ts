import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../infra/epoch-ms.column';

/** What a notification tells. */
export type NotificationType = 'followed' | 'mentioned' | 'liked';

/**
 * One notification for `userId` (table `notifications`, owned by the notifications service).
 * `sourceId` is the id of the message that caused it: unique with `userId`, so one message notifies
 * one user at most once even if the inbox were bypassed.
 */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: NotificationType;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId!: string;

  @Column({ name: 'post_id', type: 'varchar', length: 36, nullable: true })
  postId!: string | null;

  @Column(epochMsColumn('at'))
  at!: number;

  @Column({ name: 'source_id', type: 'varchar', length: 36 })
  sourceId!: string;
}
