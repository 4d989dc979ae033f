import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { InboxEntryEntity } from './entities/inbox-entry.entity';
import { OutboxRecordEntity } from './entities/outbox-record.entity';
import { outboxStoreSuite } from './testing/outbox-store.suite';

outboxStoreSuite('SQLite (better-sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jetbox-typeorm-'));
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'outbox.db'), entities: [OutboxRecordEntity, InboxEntryEntity] }).initialize();
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
