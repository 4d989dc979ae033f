import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `idempotency_keys`, on MariaDB and SQLite. */
export class BankingApi1764800000004 implements MigrationInterface {
  readonly name = 'BankingApi1764800000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'idempotency_key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'status_code', type: 'int' },
          { name: 'response_body', type: 'text' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys', true);
  }
}
