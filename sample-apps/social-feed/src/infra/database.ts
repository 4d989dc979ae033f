import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import type { DatabaseTarget } from './database-url';

/** What the feed's DataSource holds: its entities and every migration, Jetbox's first. */
export interface DatabaseSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: readonly Function[];
  readonly migrations: ReadonlyArray<new () => MigrationInterface>;
}

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * An initialized DataSource on `target`. On MariaDB the database is created first if missing, so a
 * fresh server (or a test's unique database name) needs no setup. Rejects when the server does not answer.
 */
export async function openDatabase(target: DatabaseTarget, schema: DatabaseSchema): Promise<DataSource> {
  const common = {
    entities: [...schema.entities],
    migrations: [...schema.migrations],
    migrationsTransactionMode: 'each' as const,
  };
  if (target.kind === 'sqlite') {
    const dataSource = new DataSource({ type: 'better-sqlite3', database: target.database, ...common });
    return dataSource.initialize();
  }
  const server = {
    type: 'mariadb',
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    connectTimeout: CONNECT_TIMEOUT_MS,
  } as const;
  const admin = new DataSource({ ...server, poolSize: 1 });
  await admin.initialize();
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await admin.destroy();
  }
  const options: DataSourceOptions = {
    ...server,
    database: target.database,
    poolSize: 24,
    timezone: 'Z',
    ...common,
  };
  return new DataSource(options).initialize();
}

/**
 * Runs the migrations the database has not run yet. On MariaDB, a named lock (`GET_LOCK`) makes
 * processes that start together take turns, so each migration runs once. Resolves with their names.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type === 'better-sqlite3')
    return (await dataSource.runMigrations()).map((m) => m.name);
  const lock = `jetbox_migrate_${String(dataSource.options.database)}`.slice(0, 64);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 120) AS taken', [lock])) as Array<{
      taken: number | string;
    }>;
    if (Number(row?.taken) !== 1)
      throw new Error(`another process held the migration lock '${lock}' for 2 minutes; is one stuck?`);
    try {
      return (await dataSource.runMigrations()).map((m) => m.name);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lock]);
    }
  } finally {
    await runner.release();
  }
}

/** True when the database answers `SELECT 1` within `timeoutMs`. */
export async function databaseAnswers(dataSource: DataSource, timeoutMs = 2_000): Promise<boolean> {
  if (!dataSource.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
