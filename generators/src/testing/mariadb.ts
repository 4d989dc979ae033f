import { createConnection as connectTcp } from 'node:net';
import { createConnection, type Connection } from 'mysql2/promise';

/** Where the integration tests find MariaDB: `MARIADB_HOST`/`MARIADB_PORT`, else 127.0.0.1:3306, user root, no password. */
export const MARIADB = { host: process.env.MARIADB_HOST ?? '127.0.0.1', port: Number(process.env.MARIADB_PORT ?? 3306), user: 'root' } as const;

/** Resolves when MariaDB accepts connections; throws otherwise, saying how to start it. Call it in `beforeAll`: the test fails, never skips. */
export async function requireMariaDb(): Promise<void> {
  const reason = await new Promise<string | undefined>((resolve) => {
    const socket = connectTcp({ host: MARIADB.host, port: MARIADB.port });
    const done = (why?: string) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(2_000, () => done('no answer within 2 s'));
    socket.once('connect', () => done());
    socket.once('error', (error) => done(error.message));
  });
  if (reason) {
    throw new Error(
      `MariaDB is not reachable at ${MARIADB.host}:${MARIADB.port} (${reason}): start it with \`start-stop-daemon --start --oknodo --background --exec "$(command -v mariadbd)"\`, or set MARIADB_HOST/MARIADB_PORT`,
    );
  }
}

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
