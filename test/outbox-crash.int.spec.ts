import 'reflect-metadata';
import { NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { runJetboxMigrations } from '@jetbox/typeorm';
import { connect, type NatsConnection } from 'nats';
import { startChildApp, type ChildApp } from './support/child-app';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { deleteStreamsAndClose, outboxQuiet } from './support/outbox-checks';

/**
 * Each crash point of DESIGN.md's guarantee 6, for real: the app runs as a child process, stops dead
 * at the crash point, is killed with SIGKILL, and a fresh process takes over. Afterwards the credit
 * is applied exactly once, and nothing is left unsent or unacknowledged.
 */
describe('the outbox when the app is killed with SIGKILL', () => {
  const prefix = uniqueSubjectToken('crash');
  const stream = prefix.toUpperCase();
  let db: TestDatabase;
  let nc: NatsConnection;
  const children: ChildApp[] = [];

  const env = (extra: Record<string, string> = {}) => ({ PREFIX: prefix, DATABASE: db.dataSource.options.database as string, NATS_URL, ...extra });
  const start = (extra?: Record<string, string>) => {
    const child = startChildApp('crash-app.ts', env(extra));
    children.push(child);
    return child;
  };

  /** Nothing unsent in the outbox, nothing pending or unacknowledged on the consumer. */
  const quiet = () => outboxQuiet((sql) => db.dataSource.query(sql), nc, stream, 'crash-effects');

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    db = await createTestDatabase('mariadb', []);
    await runJetboxMigrations(db.dataSource);
    await db.dataSource.query('CREATE TABLE crash_account (id VARCHAR(64) PRIMARY KEY, balance INT NOT NULL)');
    await db.dataSource.query('CREATE TABLE crash_effect (seq INT AUTO_INCREMENT PRIMARY KEY, message_id CHAR(36) NOT NULL, account_id VARCHAR(64) NOT NULL, amount INT NOT NULL)');
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) await child.kill();
    await db?.drop();
    await deleteStreamsAndClose(nc, stream);
  });

  describe.each([
    ['after its commit, before the relay published', 'after-commit', 'COMMITTED'],
    ['after the relay published, before it marked the row sent', 'after-publish', 'PUBLISHED'],
    ['after the handler committed, before it acked', 'before-ack', 'ACKING'],
  ])('when killed %s', (_, crashAt, line) => {
    const account = `acc-${crashAt}`;
    let signal: NodeJS.Signals | null;
    let exitCode: number | null;

    beforeAll(async () => {
      await db.dataSource.query('INSERT INTO crash_account (id, balance) VALUES (?, 0)', [account]);
      const doomed = start({ CRASH_AT: crashAt, CREDITS: `${account}:10` });
      await doomed.waitForLine(line);
      signal = await doomed.kill();
      const successor = start();
      await successor.waitForLine('READY');
      await waitFor(quiet, { timeoutMs: 30_000, intervalMs: 100, description: 'an empty outbox and a consumer with nothing pending' });
      exitCode = await successor.terminate();
    }, 60_000);

    it('should really have killed the first process with SIGKILL', () => {
      expect(signal).toBe('SIGKILL');
    });

    it('should apply the credit once and its effect once', async () => {
      const [{ balance }] = await db.dataSource.query('SELECT balance FROM crash_account WHERE id = ?', [account]);
      const [{ effects }] = await db.dataSource.query('SELECT COUNT(*) AS effects FROM crash_effect WHERE account_id = ?', [account]);
      expect([Number(balance), Number(effects)]).toStrictEqual([10, 1]);
    });

    it('should let the successor drain and exit 0 on SIGTERM', () => {
      expect(exitCode).toBe(0);
    });
  });
});
