import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARIADB, requireMariaDb } from '@jetbox/testing';
import { DataSource, type DataSourceOptions, type EntitySchema } from 'typeorm';

/** A database of its own for one test file: a fresh MariaDB schema, or a SQLite file in a temp folder. */
export interface TestDatabase {
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Entities = Array<Function | EntitySchema>;

export { MARIADB, requireMariaDb };

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
