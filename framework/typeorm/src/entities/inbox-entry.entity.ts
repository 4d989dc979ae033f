import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A row of `jetbox_inbox`: consumer `consumer` has handled message `messageId` (its effect is
 * committed). Created by {@link JetboxMigrations}; written by `TypeOrmOutboxStore.recordInbox()`.
 * Entries are pruned after a retention that must outlive the longest redelivery horizon.
 */
@Entity({ name: 'jetbox_inbox' })
@Index('idx_jetbox_inbox_handled_at', ['handledAt'])
export class InboxEntryEntity {
  /** The durable consumer's name. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  consumer!: string;

  /** The message id (`ce-id`). */
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 36 })
  messageId!: string;

  @Column({ name: 'handled_at', type: 'datetime', precision: 3 })
  handledAt!: Date;
}
