import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `transfers`, on MariaDB and SQLite. */
export class BankingTransfers1764800000002 implements MigrationInterface {
  readonly name = 'BankingTransfers1764800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'transfers',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'from_account_id', type: 'varchar', length: '36' },
          { name: 'to_account_id', type: 'varchar', length: '36' },
          { name: 'amount', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'stage', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '64', isNullable: true },
          { name: 'requested_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_transfers_status', columnNames: ['status'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('transfers', true);
  }
}
