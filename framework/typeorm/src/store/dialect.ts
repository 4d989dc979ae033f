import { ConfigError } from '@jetbox/core';
import type { DataSource, DataSourceOptions } from 'typeorm';

/** The SQL flavours the store speaks: MySQL/MariaDB (InnoDB) or SQLite. */
export type SqlDialect = 'mysql' | 'sqlite';

const MYSQL_TYPES = new Set(['mysql', 'mariadb']);
const SQLITE_TYPES = new Set(['better-sqlite3']);

/** The dialect of a DataSource; a ConfigError naming the supported types for any other. */
export function dialectOf(options: DataSourceOptions): SqlDialect {
  if (MYSQL_TYPES.has(options.type)) return 'mysql';
  if (SQLITE_TYPES.has(options.type)) return 'sqlite';
  throw new ConfigError([
    `typeormOutbox: DataSource type '${options.type}' is not supported: use 'mariadb' (MariaDB), 'mysql' (MySQL 8) or 'better-sqlite3'`,
  ]);
}

/** `MariaDB at host:port/db`, `MySQL at …` or `SQLite (<database>)`; never a password. */
export function describeDataSource(dataSource: Pick<DataSource, 'options'>): string {
  const options = dataSource.options;
  if (dialectOf(options) === 'sqlite') {
    const database = (options as { database?: unknown }).database;
    return `SQLite (${typeof database === 'string' ? database : 'buffer'})`;
  }
  const name = options.type === 'mariadb' ? 'MariaDB' : 'MySQL';
  const mysql = options as { url?: string; host?: string; port?: number; database?: string; socketPath?: string };
  let host = mysql.host ?? 'localhost';
  let port = mysql.port ?? 3306;
  let database = mysql.database;
  if (mysql.url) {
    try {
      const url = new URL(mysql.url);
      host = url.hostname || host;
      port = url.port ? Number(url.port) : port;
      database = database ?? (url.pathname.replace(/^\//, '') || undefined);
    } catch {
      return `${name} (unparsable url)`;
    }
  }
  const where = mysql.socketPath ? mysql.socketPath : `${host}:${port}`;
  return `${name} at ${where}${database ? `/${database}` : ''}`;
}

/**
 * A time as the dialect stores it. MySQL: a Date, which the driver formats in the connection's
 * `timezone` exactly as it parses it back. SQLite: UTC text `YYYY-MM-DD HH:MM:SS.SSS` (TypeORM's own
 * datetime format there), which sorts and compares as text in time order.
 */
export function toDbTime(dialect: SqlDialect, time: Date): Date | string {
  return dialect === 'mysql' ? time : time.toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads a time written by {@link toDbTime} (or a MySQL `dateStrings` string, taken as local time). */
export function fromDbTime(dialect: SqlDialect, value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const iso = value.replace(' ', 'T');
    return new Date(dialect === 'sqlite' ? `${iso}Z` : iso);
  }
  throw new TypeError(`expected a time from the database, got ${typeof value}`);
}
