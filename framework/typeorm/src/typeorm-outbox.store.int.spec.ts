import { requireMariaDb } from './testing/mariadb.fixture';
import { outboxStoreSuite } from './testing/outbox-store.suite';

outboxStoreSuite('MariaDB', async () => {
  const fixture = await requireMariaDb();
  return { dataSource: await fixture.connect(), close: () => fixture.drop() };
});
