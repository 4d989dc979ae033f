import { randomBytes } from 'node:crypto';
import { tryConnect } from '@jetbox/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';

/** Where the MariaDB tests connect: `DATABASE_URL` (mysql://user:pass@host:port/db), else root@127.0.0.1:3306. */
export const MARIADB_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A database of its own for one test file, and how to reach it. */
export interface MariaDbFixture {
  readonly database: string;
  /** Where the server listens. */
  readonly host: string;
  readonly port: number;
  /** A new, initialized DataSource on this database (closed by `drop()`). */
  connect(extra?: Partial<DataSourceOptions>): Promise<DataSource>;
  /** Closes every DataSource `connect` opened, then drops the database. */
  drop(): Promise<void>;
}

function target(at: string): { host: string; port: number; username: string; password: string } {
  const url = new URL(at);
  return { host: url.hostname, port: url.port ? Number(url.port) : 3306, username: decodeURIComponent(url.username) || 'root', password: decodeURIComponent(url.password) };
}

/**
 * Fails (never skips) when MariaDB is not reachable; otherwise creates `jetbox_<random>` and returns
 * a fixture for it. Call in `beforeAll`, and `drop()` in `afterAll`. Touches no other database.
 */
export async function requireMariaDb(at: string = MARIADB_URL): Promise<MariaDbFixture> {
  const { host, port, username, password } = target(at);
  const reason = await tryConnect(host, port, 2_000);
  if (reason) {
    throw new Error(`MariaDB is not reachable at ${host}:${port} (${reason}): start it (see README) or set DATABASE_URL`);
  }
  const database = `jetbox_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = { type: 'mariadb' as const, host, port, username, password };
  const admin = await new DataSource(base).initialize();
  await admin.query(`CREATE DATABASE \`${database}\``);
  const opened: DataSource[] = [admin];
  return {
    database,
    host,
    port,
    async connect(extra = {}) {
      const dataSource = await new DataSource({ ...base, database, ...extra } as DataSourceOptions).initialize();
      opened.push(dataSource);
      return dataSource;
    },
    async drop() {
      // Close the test's connections first: one left in an open transaction would make DROP wait forever.
      for (const dataSource of opened.slice(1)) if (dataSource.isInitialized) await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.destroy();
    },
  };
}
