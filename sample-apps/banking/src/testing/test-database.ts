import { createConnection } from 'node:net';
import { uniqueSubjectToken } from '@jetbox/testing';
import { createConnection as connectMariaDb, type Connection } from 'mysql2/promise';

/** Where the tests find MariaDB: `MARIADB_HOST` / `MARIADB_PORT`, default 127.0.0.1:3306, user root, no password. */
export const MARIADB = { host: process.env['MARIADB_HOST'] ?? '127.0.0.1', port: Number(process.env['MARIADB_PORT'] ?? 3306), user: 'root', password: '' };

/** Fails, saying how to start it, when MariaDB does not accept connections. Call it in `beforeAll`. */
export async function requireMariaDb(): Promise<void> {
  const reason = await new Promise<string | undefined>((resolve) => {
    const socket = createConnection({ host: MARIADB.host, port: MARIADB.port });
    const done = (why?: string) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(2_000, () => done('no answer within 2 s'));
    socket.once('connect', () => done());
    socket.once('error', (error) => done(error.message));
  });
  if (reason) {
    throw new Error(`MariaDB is not reachable at ${MARIADB.host}:${MARIADB.port} (${reason}): start it with \`start-stop-daemon --start --oknodo --background --exec "$(command -v mariadbd)"\``);
  }
}

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
