import 'reflect-metadata';
import { NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { connect, type NatsConnection } from 'nats';
import { startChildApp, type ChildApp } from './support/child-app';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { deleteStreamsAndClose, exactlyOnceReport, outboxQuiet, scalar } from './support/outbox-checks';

const TARGET = 10_000;
/** SIGKILLs before the last process is let run to the end: one each time another 1/8 of the run committed. */
const KILLS = 7;
const STEP = TARGET / (KILLS + 1);

interface Kill {
  readonly signal: NodeJS.Signals | null;
  readonly committed: number;
  readonly handled: number;
}

/**
 * DESIGN.md guarantees 1, 4 and 6 under a kill loop: the app (a child process) writes 10 000 credits
 * through the outbox and handles them with an idempotent handler while the test SIGKILLs it each
 * time another eighth of the run has committed (every 1–2 s here; longer on a loaded machine) and
 * starts it again, 7 times; an 8th process finishes the run. `credit_log` holds exactly what committed (it is written in each
 * credit's transaction); `load_effect` has no unique key, so an effect applied twice would show.
 */
describe('the outbox when the app is SIGKILLed over and over during a 10 000-message run', () => {
  const prefix = uniqueSubjectToken('killloop');
  const stream = prefix.toUpperCase();
  let db: TestDatabase;
  let nc: NatsConnection;
  const children: ChildApp[] = [];
  const kills: Kill[] = [];
  let finalExitCode: number | null = null;

  const count = (sql: string) => scalar((q) => db.dataSource.query(q), sql);
  const committed = () => count('SELECT COUNT(*) FROM credit_log');
  const handled = () => count('SELECT COUNT(DISTINCT message_id) FROM load_effect');
  const start = () => {
    const child = startChildApp('load-app.ts', { PREFIX: prefix, DATABASE: db.dataSource.options.database as string, NATS_URL, TARGET: String(TARGET) });
    children.push(child);
    return child;
  };
  /** Nothing unsent in the outbox, nothing pending or unacknowledged on the consumer. */
  const quiet = () => outboxQuiet((sql) => db.dataSource.query(sql), nc, stream, 'load-effects');

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    db = await createTestDatabase('mariadb', []);

    for (let round = 0; round < KILLS; round++) {
      const child = start();
      await child.waitForLine('READY');
      // Kill mid-write, spread over the run: once credits reach the next eighth of it, plus a random part of an eighth.
      const killAt = Math.round(STEP * (round + 1 + Math.random() / 2));
      await waitFor(async () => (await committed()) >= killAt, { timeoutMs: 60_000, intervalMs: 25, description: `process ${round + 1} to commit ${killAt} credits in all` });
      const signal = await child.kill();
      kills.push({ signal, committed: await committed(), handled: await handled() });
    }

    const last = start();
    await last.waitForLine('WRITES-DONE', 60_000);
    await waitFor(quiet, { timeoutMs: 30_000, intervalMs: 100, description: 'an empty outbox and a consumer with nothing pending' });
    finalExitCode = await last.terminate();
  }, 150_000);

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) await child.kill();
    await db?.drop();
    await deleteStreamsAndClose(nc, stream);
  });

  describe('when the run is over', () => {
    it('should really have killed the app with SIGKILL, mid-run, at least 5 times', () => {
      expect(kills.map((k) => k.signal)).toStrictEqual(Array<NodeJS.Signals>(KILLS).fill('SIGKILL'));
      expect(kills.every((k) => k.committed < TARGET)).toStrictEqual(true);
    });

    it('should have killed it with committed credits not yet handled', () => {
      expect(kills.some((k) => k.handled < k.committed)).toStrictEqual(true);
    });

    it('should have committed at least 10 000 credits', async () => {
      expect((await committed()) >= TARGET).toStrictEqual(true);
    });

    it('should apply every committed credit exactly once: 0 lost, 0 applied twice, none made up', async () => {
      expect(await exactlyOnceReport((sql) => db.dataSource.query(sql))).toStrictEqual({ lost: 0, doubled: 0, stray: 0, surplus: 0 });
    });

    it('should hold one outbox row per committed credit, and balances that add up to the credits', async () => {
      const [row] = await db.dataSource.query(`SELECT
        (SELECT COUNT(*) FROM credit_log c WHERE NOT EXISTS (SELECT 1 FROM jetbox_outbox o WHERE o.id = c.message_id)) AS withoutRow,
        (SELECT COUNT(*) FROM jetbox_outbox) - (SELECT COUNT(*) FROM credit_log) AS extraRows,
        (SELECT SUM(balance) FROM load_account) - (SELECT SUM(amount) FROM credit_log) AS balanceGap`);
      expect(Object.fromEntries(Object.entries(row as object).map(([k, v]) => [k, Number(v)]))).toStrictEqual({ withoutRow: 0, extraRows: 0, balanceGap: 0 });
    });

    it('should dead-letter nothing', async () => {
      const info = await (await nc.jetstreamManager()).streams.info(`${stream}_DLQ`);
      expect(info.state.messages).toStrictEqual(0);
    });

    it('should let the last process drain and exit 0 on SIGTERM', () => {
      expect(finalExitCode).toStrictEqual(0);
    });
  });
});
