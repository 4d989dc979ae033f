import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The notifications service's table: newest first per user, one per (source message, user). */
export class CreateNotificationsTables1764800000004 implements MigrationInterface {
  readonly name = 'CreateNotificationsTables1764800000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'actor_id', type: 'varchar', length: '36' },
          { name: 'post_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'at', type: 'bigint' },
          { name: 'source_id', type: 'varchar', length: '36' },
        ],
        indices: [
          { name: 'uq_notifications_source', columnNames: ['source_id', 'user_id'], isUnique: true },
          { name: 'idx_notifications_user', columnNames: ['user_id', 'at', 'id'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notifications', true);
  }
}
