import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A row of `jetbox_outbox`, for reading the outbox with TypeORM (dashboards, tests, a re-publish
 * tool). Jetbox itself writes and claims rows with its own SQL, so the store works without this
 * entity in the DataSource. The tables come from {@link JetboxMigrations}, which are the schema's
 * source of truth (LONGBLOB payload on MySQL); do not let `synchronize` manage them.
 */
@Entity({ name: 'jetbox_outbox' })
@Index('idx_jetbox_outbox_claim', ['sentAt', 'id', 'availableAt', 'createdAt'])
@Index('idx_jetbox_outbox_key', ['partitionKey', 'sentAt', 'id', 'availableAt'])
export class OutboxRecordEntity {
  /** The message id (UUIDv7): `ce-id` and `Nats-Msg-Id`. Sorts by creation time. CHAR(36) on MySQL; mapped as varchar, which every driver accepts. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** Wire headers as JSON text: an object of string values. */
  @Column({ type: 'text' })
  headers!: string;

  @Column({ type: 'blob' })
  payload!: Buffer;

  /** Records of one key are published one relay at a time, in id order. */
  @Column({ name: 'partition_key', type: 'varchar', length: 255, nullable: true })
  partitionKey!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** Not claimed before this time; moved forward after each failed attempt. */
  @Column({ name: 'available_at', type: 'datetime', precision: 3 })
  availableAt!: Date;

  /** Failed publish attempts so far. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** The last failure, at most 2,000 characters. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When a relay marked the record published; null while unsent. */
  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;
}
