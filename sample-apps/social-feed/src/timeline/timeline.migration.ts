import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The timeline service's tables. `idx_timeline_page` walks one user's entries newest first, ties on
 * `created_at` broken by `post_id`: the order and the cursor of a timeline page.
 */
export class CreateTimelineTables1764800000003 implements MigrationInterface {
  readonly name = 'CreateTimelineTables1764800000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'timeline_posts',
        columns: [
          { name: 'post_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'author_id', type: 'varchar', length: '36' },
          { name: 'text', type: 'varchar', length: '280' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'timeline_entries',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'post_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_timeline_page', columnNames: ['user_id', 'created_at', 'post_id'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('timeline_entries', true);
    await queryRunner.dropTable('timeline_posts', true);
  }
}
