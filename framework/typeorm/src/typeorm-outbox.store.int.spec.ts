import { InboxEntryEntity } from './entities/inbox-entry.entity';
import { OutboxRecordEntity } from './entities/outbox-record.entity';
import { requireMariaDb } from './testing/mariadb.fixture';
import { outboxStoreSuite } from './testing/outbox-store.suite';

outboxStoreSuite('MariaDB', async () => {
  const fixture = await requireMariaDb();
  return { dataSource: await fixture.connect({ entities: [OutboxRecordEntity, InboxEntryEntity] }), close: () => fixture.drop() };
});
