import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The users service's tables. `idx_follows_followee` serves the audience of a post: the followers
 * of one user, in id order, page by page.
 */
export class CreateUsersTables1764800000001 implements MigrationInterface {
  readonly name = 'CreateUsersTables1764800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'handle', type: 'varchar', length: '30' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'uq_users_handle', columnNames: ['handle'], isUnique: true }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'follows',
        columns: [
          { name: 'follower_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'followee_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'followed_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_follows_followee', columnNames: ['followee_id', 'follower_id'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('follows', true);
    await queryRunner.dropTable('users', true);
  }
}
