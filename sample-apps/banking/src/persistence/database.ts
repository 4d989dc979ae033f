import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { BANKING_ENTITIES, BANKING_MIGRATIONS } from './banking.schema';

/** Where a `mysql://user:password@host:port/database` URL points. */
export interface MariaDbTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Parses `DATABASE_URL` (already checked by `loadConfig`). */
export function mariaDbTarget(url: string): MariaDbTarget {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.replace(/^\//, ''),
  };
}

/** `MariaDB at host:port/database`, never the password. */
export function describeMariaDb(target: MariaDbTarget): string {
  return `MariaDB at ${target.host}:${target.port}/${target.database}`;
}

/**
 * Connects to the server (not the database) and creates the database if it is missing. Rejects,
 * saying why, when the server does not answer within `timeoutMs`.
 */
export async function ensureDatabase(target: MariaDbTarget, timeoutMs = 2_000): Promise<void> {
  const connection = await createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, connectTimeout: timeoutMs });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\``);
  } finally {
    await connection.end();
  }
}

/** An initialized DataSource on the MariaDB database, with every banking entity and migration. */
export async function openMariaDb(target: MariaDbTarget, poolSize = 20): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'mariadb',
    host: target.host,
    port: target.port,
    username: target.user,
    password: target.password,
    database: target.database,
    entities: BANKING_ENTITIES,
    migrations: [...BANKING_MIGRATIONS],
    poolSize,
    supportBigNumbers: true,
  });
  return dataSource.initialize();
}

/** An initialized DataSource on an in-memory SQLite database (embedded mode; gone when the process ends). */
export async function openInMemorySqlite(): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: BANKING_ENTITIES, migrations: [...BANKING_MIGRATIONS] });
  return dataSource.initialize();
}

const MIGRATION_LOCK = 'jetbox_banking_migrations';

/**
 * Runs the migrations the database has not seen yet, and resolves with their names. On MariaDB,
 * processes starting at once take turns under a named lock, so each migration runs once.
 */
export async function runBankingMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'mariadb') return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 60) AS locked', [MIGRATION_LOCK])) as Array<{ locked: number | string }>;
    if (Number(row?.locked) !== 1) throw new Error(`could not take the migration lock '${MIGRATION_LOCK}' within 60 s: is another process stuck migrating?`);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
