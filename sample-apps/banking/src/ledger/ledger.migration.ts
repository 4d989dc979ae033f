import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `statement_lines`, on MariaDB and SQLite. */
export class BankingLedger1764800000003 implements MigrationInterface {
  readonly name = 'BankingLedger1764800000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'statement_lines',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'int', isPrimary: true },
          { name: 'type', type: 'varchar', length: '20' },
          { name: 'amount', type: 'bigint' },
          { name: 'transfer_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'at', type: 'bigint' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('statement_lines', true);
  }
}
