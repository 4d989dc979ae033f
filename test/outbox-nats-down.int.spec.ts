import 'reflect-metadata';
import { startNatsServer, tryConnect, uniqueSubjectToken, waitFor, type LocalNatsServer } from '@jetbox/testing';
import { connect, type NatsConnection } from 'nats';
import { startChildApp, type ChildApp } from './support/child-app';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { exactlyOnceReport, outboxQuiet, scalar } from './support/outbox-checks';

const OUTAGE_MS = 10_000;

/** The counts of the child's last `STATS` line. */
function lastStats(child: ChildApp): Record<string, number> {
  const line = [...child.lines].reverse().find((l) => l.startsWith('STATS ')) ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map(([, k, v]) => [k!, Number(v)]));
}

/**
 * DESIGN.md guarantees 1, 2 and 4 while the broker is away: the app (a child process) writes credits
 * through the outbox against a nats-server of this test's own, which is stopped for 10 s mid-run.
 * Writes need only the database, so they go on; the relay keeps the messages in the outbox until
 * the server is back, then publishes the backlog, and each credit is handled exactly once.
 */
describe('the outbox when the NATS server is down for 10 s', () => {
  const prefix = uniqueSubjectToken('natsdown');
  const stream = prefix.toUpperCase();
  let server: LocalNatsServer;
  let db: TestDatabase;
  let nc: NatsConnection | undefined;
  let app: ChildApp | undefined;
  const probes: Array<string | undefined> = [];
  let exitCode: number | null = null;
  const outage = { committedAtStop: 0, committedAtRestart: 0, unsentAtRestart: 0 };
  let committedAfterRestart = 0;

  const count = (sql: string) => scalar((q) => db.dataSource.query(q), sql);
  const committed = () => count('SELECT COUNT(*) FROM credit_log');
  const unsent = () => count('SELECT COUNT(*) FROM jetbox_outbox WHERE sent_at IS NULL');
  /** Nothing unsent in the outbox, nothing pending or unacknowledged on the consumer. */
  const quiet = () => outboxQuiet((sql) => db.dataSource.query(sql), nc!, stream, 'load-effects');

  beforeAll(async () => {
    server = await startNatsServer();
    db = await createTestDatabase('mariadb', []);
    app = startChildApp('load-app.ts', { PREFIX: prefix, DATABASE: db.dataSource.options.database as string, NATS_URL: server.url, RATE: '200' });
    await app.waitForLine('READY');
    await waitFor(async () => (await count('SELECT COUNT(*) FROM load_effect')) >= 200, { timeoutMs: 30_000, intervalMs: 50, description: '200 credits handled before the outage' });

    // Stop the server cleanly (SIGTERM), keeping its store, and keep it down for 10 s, probing its port.
    process.kill(server.pid!, 'SIGTERM');
    await waitFor(() => !server.isRunning(), { timeoutMs: 15_000, description: 'nats-server to exit' });
    outage.committedAtStop = await committed();
    const downUntil = Date.now() + OUTAGE_MS;
    while (Date.now() < downUntil) {
      probes.push(await tryConnect('127.0.0.1', server.port, 500));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    outage.committedAtRestart = await committed();
    outage.unsentAtRestart = await unsent();
    await server.restart();

    nc = await connect({ servers: server.url });
    await waitFor(async () => (await committed()) > outage.committedAtRestart + 200, { timeoutMs: 30_000, intervalMs: 50, description: '200 more credits after the restart' });
    app.process.kill('SIGUSR2');
    await app.waitForLine('WRITES-DONE');
    committedAfterRestart = (await committed()) - outage.committedAtRestart;
    await waitFor(quiet, { timeoutMs: 30_000, intervalMs: 100, description: 'an empty outbox and a consumer with nothing pending' });
    exitCode = await app.terminate();
  }, 120_000);

  afterAll(async () => {
    if (app && app.process.exitCode === null && app.process.signalCode === null) await app.kill();
    await nc?.close();
    await server?.stop();
    await db?.drop();
  });

  describe('when it comes back', () => {
    it('should really have been down: every connect to its port refused for 10 s', () => {
      expect([probes.length >= 10, probes.every((reason) => reason !== undefined && /ECONNREFUSED/.test(reason))]).toStrictEqual([true, true]);
    });

    it('should have kept committing credits during the outage, and kept their messages in the outbox', () => {
      expect([outage.committedAtRestart - outage.committedAtStop > 0, outage.unsentAtRestart > 0]).toStrictEqual([true, true]);
    });

    it('should have refused no write', () => {
      expect(lastStats(app!)['failed']).toStrictEqual(0);
    });

    it('should have gone on writing after the restart', () => {
      expect(committedAfterRestart > 200).toStrictEqual(true);
    });

    it('should apply every committed credit exactly once: 0 lost, 0 applied twice, none made up', async () => {
      expect(await exactlyOnceReport((sql) => db.dataSource.query(sql))).toStrictEqual({ lost: 0, doubled: 0, stray: 0, surplus: 0 });
    });

    it('should dead-letter nothing', async () => {
      const info = await (await nc!.jetstreamManager()).streams.info(`${stream}_DLQ`);
      expect(info.state.messages).toStrictEqual(0);
    });

    it('should let the app drain and exit 0 on SIGTERM', () => {
      expect(exitCode).toStrictEqual(0);
    });
  });
});
