import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `accounts` and `account_entries`, on MariaDB and SQLite. */
export class BankingAccounts1764800000001 implements MigrationInterface {
  readonly name = 'BankingAccounts1764800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '200' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'balance', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'version', type: 'int' },
          { name: 'opened_at', type: 'bigint' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'account_entries',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'int', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'amount', type: 'bigint' },
          { name: 'balance_after', type: 'bigint' },
          { name: 'transfer_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'uq_account_entries_transfer_kind', columnNames: ['transfer_id', 'kind'], isUnique: true })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('account_entries', true);
    await queryRunner.dropTable('accounts', true);
  }
}
