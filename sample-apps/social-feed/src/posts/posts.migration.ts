import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The posts service's tables. */
export class CreatePostsTables1764800000002 implements MigrationInterface {
  readonly name = 'CreatePostsTables1764800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'posts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'author_id', type: 'varchar', length: '36' },
          { name: 'text', type: 'varchar', length: '280' },
          { name: 'like_count', type: 'int', default: 0 },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_posts_author', columnNames: ['author_id', 'created_at'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'post_likes',
        columns: [
          { name: 'post_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'liked_at', type: 'bigint' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('post_likes', true);
    await queryRunner.dropTable('posts', true);
  }
}
