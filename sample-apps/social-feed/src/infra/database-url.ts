import { ConfigError } from '@jetbox/core';

/** Where the feed keeps its tables. */
export type DatabaseTarget =
  | {
      readonly kind: 'mariadb';
      readonly host: string;
      readonly port: number;
      readonly username: string;
      readonly password: string;
      readonly database: string;
    }
  | { readonly kind: 'sqlite'; readonly database: string };

/** The database used when the URL names none. */
export const DEFAULT_DATABASE = 'jetbox_social';

/**
 * Reads `mysql://user:pass@host:port/database` or `mariadb://…` (MariaDB, or MySQL 8), and
 * `sqlite:<file>` or `sqlite::memory:` (SQLite through better-sqlite3). Throws a `ConfigError`
 * saying what to write otherwise.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const database = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (database === '')
      throw new ConfigError([`DATABASE_URL '${url}' names no file: write sqlite:<file> or sqlite::memory:`]);
    return { kind: 'sqlite', database };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError([
      `DATABASE_URL is not a URL: write mysql://user:password@host:3306/${DEFAULT_DATABASE} or sqlite:<file>`,
    ]);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new ConfigError([
      `DATABASE_URL has the scheme '${parsed.protocol}': use mysql:// (MariaDB or MySQL) or sqlite:<file>`,
    ]);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || DEFAULT_DATABASE;
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database))
    throw new ConfigError([
      `DATABASE_URL names the database '${database}': use 1–64 characters of A-Z, a-z, 0-9 and _`,
    ]);
  return {
    kind: 'mariadb',
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** The target without its password, for logs: `MariaDB at 127.0.0.1:3306/jetbox_social`. */
export function describeDatabase(target: DatabaseTarget): string {
  return target.kind === 'sqlite'
    ? `SQLite (${target.database})`
    : `MariaDB at ${target.host}:${target.port}/${target.database}`;
}
