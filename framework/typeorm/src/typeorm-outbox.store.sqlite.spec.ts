import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { outboxStoreSuite } from './testing/outbox-store.suite';

outboxStoreSuite('SQLite (better-sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jetbox-typeorm-'));
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'outbox.db') }).initialize();
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
