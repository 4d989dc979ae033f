import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions, type EntitySchema } from 'typeorm';

export const MARIADB = { host: process.env.MARIADB_HOST ?? '127.0.0.1', port: Number(process.env.MARIADB_PORT ?? 3306), user: 'root' };

/** Fails, saying how to start it, when MariaDB does not accept connections. */
export async function requireMariaDb(): Promise<void> {
  const reason = await new Promise<string | undefined>((resolve) => {
    const socket = createConnection({ host: MARIADB.host, port: MARIADB.port });
    const done = (r?: string) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(2_000, () => done('no answer within 2 s'));
    socket.once('connect', () => done());
    socket.once('error', (e) => done(e.message));
  });
  if (reason) {
    throw new Error(`MariaDB is not reachable at ${MARIADB.host}:${MARIADB.port} (${reason}): start it with \`start-stop-daemon --start --oknodo --background --exec "$(command -v mariadbd)"\` (see README)`);
  }
}

/** A database of its own for one test file: a fresh MariaDB schema, or a SQLite file in a temp folder. */
export interface TestDatabase {
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Entities = Array<Function | EntitySchema>;

export async function createTestDatabase(kind: 'mariadb' | 'sqlite', entities: Entities, extra: Partial<DataSourceOptions> = {}): Promise<TestDatabase> {
  const name = `jetbox_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jetbox-sqlite-'));
    const dataSource = new DataSource({ type: 'better-sqlite3', database: join(dir, `${name}.db`), entities, synchronize: true, ...extra } as DataSourceOptions);
    await dataSource.initialize();
    return {
      dataSource,
      drop: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await requireMariaDb();
  const admin = new DataSource({ type: 'mariadb', host: MARIADB.host, port: MARIADB.port, username: MARIADB.user, password: '' });
  await admin.initialize();
  await admin.query(`CREATE DATABASE \`${name}\``);
  const dataSource = new DataSource({
    type: 'mariadb',
    host: MARIADB.host,
    port: MARIADB.port,
    username: MARIADB.user,
    password: '',
    database: name,
    entities,
    synchronize: true,
    ...extra,
  } as DataSourceOptions);
  await dataSource.initialize();
  return {
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}
