import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from '../store/dialect';

const MYSQL_UP = [
  `CREATE TABLE IF NOT EXISTS jetbox_outbox (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject VARCHAR(255) NOT NULL,
    headers TEXT NOT NULL,
    payload LONGBLOB NOT NULL,
    partition_key VARCHAR(255) NULL,
    created_at DATETIME(3) NOT NULL,
    available_at DATETIME(3) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    sent_at DATETIME(3) NULL,
    PRIMARY KEY (id),
    KEY idx_jetbox_outbox_claim (sent_at, id, available_at, created_at),
    KEY idx_jetbox_outbox_key (partition_key, sent_at, id, available_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE IF NOT EXISTS jetbox_inbox (
    consumer VARCHAR(255) NOT NULL,
    message_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    handled_at DATETIME(3) NOT NULL,
    PRIMARY KEY (consumer, message_id),
    KEY idx_jetbox_inbox_handled_at (handled_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
];

const SQLITE_UP = [
  `CREATE TABLE IF NOT EXISTS jetbox_outbox (
    id CHAR(36) NOT NULL PRIMARY KEY,
    subject VARCHAR(255) NOT NULL,
    headers TEXT NOT NULL,
    payload BLOB NOT NULL,
    partition_key VARCHAR(255) NULL,
    created_at DATETIME NOT NULL,
    available_at DATETIME NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    sent_at DATETIME NULL
  )`,
  `CREATE INDEX IF NOT EXISTS idx_jetbox_outbox_claim ON jetbox_outbox (sent_at, id, available_at, created_at)`,
  `CREATE INDEX IF NOT EXISTS idx_jetbox_outbox_key ON jetbox_outbox (partition_key, sent_at, id, available_at)`,
  `CREATE TABLE IF NOT EXISTS jetbox_inbox (
    consumer VARCHAR(255) NOT NULL,
    message_id CHAR(36) NOT NULL,
    handled_at DATETIME NOT NULL,
    PRIMARY KEY (consumer, message_id)
  )`,
  `CREATE INDEX IF NOT EXISTS idx_jetbox_inbox_handled_at ON jetbox_inbox (handled_at)`,
];

/**
 * Indexes, checked with EXPLAIN on MariaDB 10.11: the claim (`sent_at IS NULL AND available_at <= ?
 * ORDER BY id LIMIT n`) walks `idx_jetbox_outbox_claim` in id order and stops after n rows (no
 * filesort; `available_at` filtered from the index); its per-key check (is the key's oldest unsent
 * record due?) is one dive into `idx_jetbox_outbox_key`; the backlog count reads only the claim
 * index; the key filter (`partition_key IN … AND sent_at IS NULL AND id < ?`, MIN(id) per key)
 * reads only `idx_jetbox_outbox_key`; pruning walks the sent_at prefix.
 *
 * Creates `jetbox_outbox` and `jetbox_inbox` with the indexes the relay and pruning use, on MariaDB,
 * MySQL 8 and SQLite (better-sqlite3). Safe to run where the tables already exist (`IF NOT EXISTS`).
 * `down()` drops both tables and everything in them.
 */
export class JetboxCreateTables1764720000000 implements MigrationInterface {
  /** Fixed, so TypeORM records the same name even after a bundler renames the class. */
  readonly name = 'JetboxCreateTables1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = dialectOf(queryRunner.connection.options) === 'mysql' ? MYSQL_UP : SQLITE_UP;
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS jetbox_inbox');
    await queryRunner.query('DROP TABLE IF EXISTS jetbox_outbox');
  }
}
