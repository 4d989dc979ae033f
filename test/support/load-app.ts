/**
 * A Jetbox app run as a child process by the failure tests (kill loop, NATS down, MariaDB restart).
 * It writes credits through the outbox in a loop and handles them with an idempotent handler.
 *
 * Each credit is one transaction: `load_account.balance += amount`, one `credit_log` row holding the
 * message id, and one `AccountCredited` published through the outbox with that same id — so
 * `credit_log` lists exactly the committed writes. The handler inserts one `load_effect` row per
 * call; that table has no unique key on `message_id`, so a message applied twice shows as two rows.
 *
 * Env: PREFIX (subjects, stream), DATABASE, DB_HOST / DB_PORT (default 127.0.0.1:3306), NATS_URL;
 * TARGET: stop writing once `credit_log` holds this many rows (0: write until SIGTERM; default 0);
 * WRITERS: parallel write loops (default 4); RATE: at most this many credits a second, all writers
 * together (0: no limit; default 0); ACCOUNTS (default 16). Creates its tables if missing.
 *
 * Prints READY once started, then every 200 ms
 * `STATS committed=<n> failed=<n> handled=<n> duplicates=<n> base=<n> error=<last write error>`
 * (counts of this process), and WRITES-DONE once the writers stopped: TARGET reached, or SIGUSR2
 * (stop writing; the relay and the handler go on). SIGTERM: stop writing, drain, exit 0.
 */
import 'reflect-metadata';
import { Event, Handles, Jetbox, newMessageId, Publishes, silentLogger, unitOfWork, type MessageContext } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { runJetboxMigrations, typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { DataSource, type EntityManager } from 'typeorm';

const env = process.env as Record<string, string | undefined>;
const PREFIX = env['PREFIX']!;
const TARGET = Number(env['TARGET'] ?? 0);
const WRITERS = Number(env['WRITERS'] ?? 4);
const RATE = Number(env['RATE'] ?? 0);
const ACCOUNTS = Number(env['ACCOUNTS'] ?? 16);
const say = (line: string) => process.stdout.write(`${line}\n`);

const stats = { committed: 0, failed: 0, handled: 0, duplicates: 0, base: 0, error: '' };

@Event(`${PREFIX}.account.credited.v1`)
class AccountCredited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

@injectable()
class Accounts {
  /** One transaction: the balance, the credit_log row and the outbox row commit together. */
  @Publishes(AccountCredited)
  async credit(id: string, accountId: string, amount: number, ctx = unitOfWork<EntityManager>()): Promise<void> {
    await ctx.manager.query('UPDATE load_account SET balance = balance + ? WHERE id = ?', [amount, accountId]);
    await ctx.manager.query('INSERT INTO credit_log (message_id, account_id, amount) VALUES (?, ?, ?)', [id, accountId, amount]);
    ctx.publish(new AccountCredited(accountId, amount), { key: accountId, id });
  }

  /** Idempotent (the default with an outbox): the inbox row and this effect row commit together. */
  @Handles(AccountCredited, { durable: 'load-effects', concurrency: 8, timeoutMs: 3_000, retry: { maxDeliver: 200, initialDelayMs: 100, maxDelayMs: 1_000 } })
  async onCredited(event: AccountCredited, ctx: MessageContext<EntityManager>): Promise<void> {
    await ctx.manager.query('INSERT INTO load_effect (message_id, account_id, amount) VALUES (?, ?, ?)', [ctx.envelope.id, event.accountId, event.amount]);
  }
}

async function createTables(dataSource: DataSource): Promise<void> {
  await runJetboxMigrations(dataSource);
  await dataSource.query('CREATE TABLE IF NOT EXISTS load_account (id VARCHAR(64) PRIMARY KEY, balance BIGINT NOT NULL)');
  await dataSource.query(
    'CREATE TABLE IF NOT EXISTS credit_log (message_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY, account_id VARCHAR(64) NOT NULL, amount INT NOT NULL, committed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))',
  );
  await dataSource.query(
    'CREATE TABLE IF NOT EXISTS load_effect (seq BIGINT AUTO_INCREMENT PRIMARY KEY, message_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, account_id VARCHAR(64) NOT NULL, amount INT NOT NULL, KEY (message_id))',
  );
  const values = Array.from({ length: ACCOUNTS }, (_, i) => `('acc-${i}', 0)`).join(', ');
  await dataSource.query(`INSERT IGNORE INTO load_account (id, balance) VALUES ${values}`);
}

/** Spaces credits 1000/RATE ms apart across all writers (no limit when RATE is 0). */
let nextSlot = 0;
async function rateLimit(): Promise<void> {
  if (RATE <= 0) return;
  const now = Date.now();
  const slot = Math.max(now, nextSlot);
  nextSlot = slot + 1_000 / RATE;
  if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
}

async function main(): Promise<void> {
  const dataSource = new DataSource({
    type: 'mariadb',
    host: env['DB_HOST'] ?? '127.0.0.1',
    port: Number(env['DB_PORT'] ?? 3306),
    username: 'root',
    password: '',
    database: env['DATABASE'],
    extra: { connectionLimit: 20 },
  });
  await dataSource.initialize();
  await createTables(dataSource);
  const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM credit_log');
  stats.base = Number(n);

  const container = new Container();
  container.bind(Accounts).toSelf().inSingletonScope();
  const app = await Jetbox.create({
    name: 'load-app',
    container,
    services: [Accounts],
    transport: nats({ servers: env['NATS_URL'], reconnect: { waitMs: 250, jitterMs: 50 } }),
    outbox: typeormOutbox({ dataSource }),
    relay: { pollIntervalMs: 100, retryInitialDelayMs: 200, retryMaxDelayMs: 1_000 },
    streams: [{ name: PREFIX.toUpperCase(), subjects: [`${PREFIX}.>`] }],
    deadLetter: { stream: `${PREFIX.toUpperCase()}_DLQ`, subjectPrefix: `${PREFIX}-dlq` },
    hooks: {
      onHandled: (outcome) => {
        if (outcome.duplicate) stats.duplicates++;
        else stats.handled++;
      },
    },
    logger: silentLogger,
    shutdownTimeoutMs: 5_000,
  });
  await app.start();
  say('READY');
  const report = () => say(`STATS committed=${stats.committed} failed=${stats.failed} handled=${stats.handled} duplicates=${stats.duplicates} base=${stats.base} error=${stats.error}`);
  const reporter = setInterval(report, 200);

  const accounts = container.get(Accounts);
  let stopping = false;
  let sequence = 0;
  const writer = async () => {
    while (!stopping && (TARGET === 0 || stats.base + stats.committed < TARGET)) {
      await rateLimit();
      const n = sequence++;
      try {
        await accounts.credit(newMessageId(), `acc-${n % ACCOUNTS}`, (n % 9) + 1);
        stats.committed++;
      } catch (error) {
        stats.failed++;
        stats.error = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const writers = Promise.all(Array.from({ length: WRITERS }, writer)).then(() => say('WRITES-DONE'));
  process.once('SIGUSR2', () => (stopping = true));

  process.once('SIGTERM', () => {
    stopping = true;
    writers
      .then(() => app.stop())
      .then(() => dataSource.destroy())
      .then(
        () => {
          clearInterval(reporter);
          report();
          process.exit(0);
        },
        (error: unknown) => {
          process.stderr.write(`${String(error)}\n`);
          process.exit(1);
        },
      );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
