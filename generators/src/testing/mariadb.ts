import { MARIADB, requireMariaDb } from '@jetbox/testing';
import { createConnection, type Connection } from 'mysql2/promise';

export { MARIADB, requireMariaDb };

/** A database of its own for one test run, and the URL a generated app reads from `DATABASE_URL`. */
export interface TestDatabase {
  readonly url: string;
  readonly admin: Connection;
  readonly name: string;
  drop(): Promise<void>;
}

/** Creates the database `name` (after checking MariaDB answers). */
export async function createTestDatabase(name: string): Promise<TestDatabase> {
  await requireMariaDb();
  const admin = await createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: '' });
  await admin.query(`CREATE DATABASE \`${name}\``);
  return {
    name,
    admin,
    url: `mariadb://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${name}`,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
