import { MARIADB, requireMariaDb, uniqueSubjectToken } from '@jetbox/testing';
import { createConnection as connectMariaDb, type Connection } from 'mysql2/promise';

export { MARIADB, requireMariaDb };

/** A MariaDB database of one test file's own: the app creates its tables; the test reads them. */
export interface TestDatabase {
  readonly name: string;
  /** `mysql://root@host:port/<name>`, for the app's `DATABASE_URL`. */
  readonly url: string;
  /** Runs a query in it and resolves with the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Drops it. */
  drop(): Promise<void>;
}

/** A new, uniquely named database (`bank_<time>_<random>`); the app run against it creates it if needed. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await requireMariaDb();
  const name = uniqueSubjectToken('bank');
  const admin: Connection = await connectMariaDb({ ...MARIADB, supportBigNumbers: true, bigNumberStrings: false });
  await admin.query(`CREATE DATABASE \`${name}\``);
  return {
    name,
    url: `mysql://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${name}`,
    async query<T>(sql: string, params: unknown[] = []) {
      await admin.query(`USE \`${name}\``);
      const [rows] = await admin.query(sql, params);
      return rows as T[];
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
