import 'reflect-metadata';
import { NATS_URL, requireNats, tryConnect, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { connect, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { startChildApp, type ChildApp } from './support/child-app';
import { startMariaDb, type LocalMariaDb } from './support/mariadb-server';
import { deleteStreamsAndClose, exactlyOnceReport, outboxQuiet, scalar } from './support/outbox-checks';

const OUTAGE_MS = 3_000;
const DATABASE = 'jetbox_restart';

/** The counts of the child's last `STATS` line. */
function lastStats(child: ChildApp): Record<string, number> {
  const line = [...child.lines].reverse().find((l) => l.startsWith('STATS ')) ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map(([, k, v]) => [k!, Number(v)]));
}

/**
 * DESIGN.md guarantees 1, 2 and 4 across a database restart: the app (a child process) writes and
 * handles credits on a mariadbd of this test's own, which is shut down (SIGTERM) — or killed
 * (SIGKILL: a crash, with InnoDB recovery at the restart) — for 3 s and started again mid-run. Writes during the outage fail (and are counted); the app is not restarted: its pool,
 * relay and handler reconnect by themselves, and every credit that committed is handled exactly once.
 */
describe.each([
  ['shut down (SIGTERM)', 'shutdown'],
  ['killed (SIGKILL)', 'kill'],
] as const)('the outbox when MariaDB is %s and restarted mid-run', (_, stop) => {
  const prefix = uniqueSubjectToken('dbrestart');
  const stream = prefix.toUpperCase();
  let mariadb: LocalMariaDb;
  let db: DataSource | undefined;
  let nc: NatsConnection;
  let app: ChildApp | undefined;
  const probes: Array<string | undefined> = [];
  const outage = { committedAtStop: 0, handledAtStop: 0, failedAtStop: 0, failedAtRestart: 0, pidBefore: 0, pidAfter: 0 };
  let resumed = { committed: 0, handled: 0 };
  let exitCode: number | null = null;

  const open = async () =>
    new DataSource({ type: 'mariadb', host: mariadb.host, port: mariadb.port, username: 'root', password: '', database: DATABASE }).initialize();
  const count = (sql: string) => scalar((q) => db!.query(q), sql);
  const committed = () => count('SELECT COUNT(*) FROM credit_log');
  const handled = () => count('SELECT COUNT(DISTINCT message_id) FROM load_effect');
  /** Nothing unsent in the outbox, nothing pending or unacknowledged on the consumer. */
  const quiet = () => outboxQuiet((sql) => db!.query(sql), nc, stream, 'load-effects');

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    mariadb = await startMariaDb();
    db = await new DataSource({ type: 'mariadb', host: mariadb.host, port: mariadb.port, username: 'root', password: '' }).initialize();
    await db.query(`CREATE DATABASE ${DATABASE}`);
    await db.destroy();
    db = await open();

    app = startChildApp('load-app.ts', { PREFIX: prefix, DATABASE, DB_PORT: String(mariadb.port), NATS_URL, RATE: '200' });
    await app.waitForLine('READY');
    await waitFor(async () => (await handled()) >= 200, { timeoutMs: 30_000, intervalMs: 50, description: '200 credits handled before the restart' });

    // Stop the server (a clean shutdown or a crash), keep it down for 3 s probing its port, then start it on the same data.
    outage.pidBefore = mariadb.pid!;
    outage.failedAtStop = lastStats(app)['failed']!;
    await db.destroy();
    await mariadb[stop]();
    const downUntil = Date.now() + OUTAGE_MS;
    while (Date.now() < downUntil) {
      probes.push(await tryConnect(mariadb.host, mariadb.port, 500));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    outage.failedAtRestart = lastStats(app)['failed']!;
    await mariadb.restart();
    outage.pidAfter = mariadb.pid!;
    db = await open();
    outage.committedAtStop = await committed();
    outage.handledAtStop = await handled();

    // The same app process goes on writing and handling.
    await waitFor(async () => (await committed()) >= outage.committedAtStop + 200 && (await handled()) >= outage.committedAtStop + 200, {
      timeoutMs: 45_000,
      intervalMs: 100,
      description: `the app to commit and handle 200 more credits after the restart (committed before: ${outage.committedAtStop})`,
    });
    resumed = { committed: await committed(), handled: await handled() };
    app.process.kill('SIGUSR2');
    await app.waitForLine('WRITES-DONE');
    await waitFor(quiet, { timeoutMs: 30_000, intervalMs: 100, description: 'an empty outbox and a consumer with nothing pending' });
    exitCode = await app.terminate();
  }, 150_000);

  afterAll(async () => {
    if (app && app.process.exitCode === null && app.process.signalCode === null) await app.kill();
    if (db?.isInitialized) await db.destroy();
    await mariadb?.stop();
    await deleteStreamsAndClose(nc, stream);
  });

  describe('when the app keeps running through the restart', () => {
    it('should really have had the server down: every connect refused for 3 s, then a new server process', () => {
      expect([
        probes.length >= 5,
        probes.every((reason) => reason !== undefined && /ECONNREFUSED/.test(reason)),
        outage.pidAfter !== outage.pidBefore,
      ]).toStrictEqual([true, true, true]);
    });

    it('should have seen writes fail during the outage', () => {
      expect(outage.failedAtRestart - outage.failedAtStop > 0).toStrictEqual(true);
    });

    it('should have reconnected by itself and gone on committing and handling', () => {
      expect([resumed.committed - outage.committedAtStop >= 200, resumed.handled - outage.committedAtStop >= 200]).toStrictEqual([true, true]);
    });

    it('should report as committed no more credits than credit_log holds', async () => {
      expect(lastStats(app!)['committed']! <= (await committed())).toStrictEqual(true);
    });

    it('should apply every committed credit exactly once: 0 lost, 0 applied twice, none made up', async () => {
      const query = (sql: string) => db!.query(sql);
      const balanceGap = await scalar(query, 'SELECT (SELECT SUM(balance) FROM load_account) - (SELECT SUM(amount) FROM credit_log)');
      expect({ ...(await exactlyOnceReport(query)), balanceGap }).toStrictEqual({ lost: 0, doubled: 0, stray: 0, surplus: 0, balanceGap: 0 });
    });

    it('should dead-letter nothing', async () => {
      const info = await (await nc.jetstreamManager()).streams.info(`${stream}_DLQ`);
      expect(info.state.messages).toStrictEqual(0);
    });

    it('should let the app drain and exit 0 on SIGTERM', () => {
      expect(exitCode).toStrictEqual(0);
    });
  });
});
