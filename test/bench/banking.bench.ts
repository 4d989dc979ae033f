import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startTestProcess } from '@jetbox/testing';
import { createConnection, createPool, type Connection } from 'mysql2/promise';
import { connect } from 'nats';
import { paced, pipelined, until } from './load';
import { printRows, quantile, type Row } from './stats';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DATABASE_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
/** Transfers posted as fast as the window allows, per layout: the throughput rows. */
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 2_000);
/** POSTs in flight at once in the throughput run. */
const WINDOW = Number(process.env.BENCH_TRANSFER_WINDOW ?? 32);
/** Transfers per second of the latency run; 0 (default): half the throughput just measured, at most 200. */
const LATENCY_RATE = Number(process.env.BENCH_TRANSFER_RATE ?? 0);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 8);
const ACCOUNTS = 100;
/** Database transactions on one transfer's path (the relay's not counted): api, debit, debited, credit, credited, 2 ledger lines. */
const TRANSACTIONS_PER_TRANSFER = 7;
const SERVER = join(__dirname, '../../../sample-apps/banking/dist/server.js');

/** How the four roles are spread over processes. */
interface Layout {
  readonly name: string;
  /** `ROLES` of each process; the first has the api role. */
  readonly processes: readonly string[];
}

const LAYOUTS: readonly Layout[] = [
  { name: 'one process (all roles)', processes: ['api,accounts,transfers,ledger'] },
  { name: 'four processes (one per role)', processes: ['api', 'accounts', 'transfers', 'ledger'] },
];

interface LayoutResult {
  readonly layout: Layout;
  /** Transfers completed per second, from the first POST to the last completion. */
  readonly completedPerSecond: number;
  /** POST /transfers answered per second in the same run. */
  readonly acceptedPerSecond: number;
  readonly latencyRate: number;
  /** ms from sending POST /transfers to the saga's `finished_at`, at `latencyRate`. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * `npm run bench -- banking`: the banking sample as a client sees it, over HTTP. For each layout —
 * every role in one process, then one process per role — it starts `sample-apps/banking/dist/server.js`
 * on a database and stream namespace of its own, opens 100 funded accounts, then (1) posts
 * `BENCH_TRANSFERS` transfers with `BENCH_TRANSFER_WINDOW` in flight and times them until every one
 * completed, and (2) posts transfers at a steady rate for `BENCH_LATENCY_SECONDS` and reports p50/p99
 * from sending the POST to the saga's completion (`transfers.finished_at`). A raw MariaDB
 * transaction rate (one UPDATE, 32 in flight), taken in the same run, puts the figures in scale:
 * each transfer costs 7 database transactions on its path — the api's, 4 saga steps (debit,
 * debited, credit, credited), 2 ledger lines — 38 statements, plus the relay's.
 */
export async function bankingBench(): Promise<void> {
  const raw = await rawTransactionRate();
  const results: LayoutResult[] = [];
  for (const layout of LAYOUTS) results.push(await runLayout(layout));

  const rows: Row[] = [
    { name: 'raw tx: UPDATE, concurrency 32', value: raw, unit: 'tx/s' },
    ...results.flatMap((r): Row[] => [
      { name: `${r.layout.name}: completed transfers`, value: r.completedPerSecond, unit: 'xfer/s' },
      { name: `${r.layout.name}: their transactions (×${TRANSACTIONS_PER_TRANSFER})`, value: r.completedPerSecond * TRANSACTIONS_PER_TRANSFER, unit: 'tx/s', baseline: 'raw tx: UPDATE, concurrency 32' },
      { name: `${r.layout.name}: POST /transfers answered`, value: r.acceptedPerSecond, unit: 'req/s' },
    ]),
  ];
  printRows(`banking: ${TRANSFERS} transfers, ${WINDOW} POSTs in flight, ${ACCOUNTS} accounts`, rows);
  console.log(`\nbanking latency, POST /transfers → completed (ms), ${LATENCY_SECONDS} s at a steady rate`);
  console.log(`${'layout'.padEnd(34)} ${'rate/s'.padStart(7)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`);
  for (const r of results) console.log(`${r.layout.name.padEnd(34)} ${String(r.latencyRate).padStart(7)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.max).padStart(7)}`);
}

async function runLayout(layout: Layout): Promise<LayoutResult> {
  const namespace = `benchbank_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = await createDatabase(namespace);
  const port = await freePort();
  const env = { NATS_URL, DATABASE_URL: `${DATABASE_URL}/${namespace}`, BANKING_NAMESPACE: namespace, PORT: String(port), JETBOX_LOG_LEVEL: 'warn' };
  const servers: Server[] = [];
  try {
    for (const roles of layout.processes) servers.push(await startServer({ ...env, ROLES: roles }));
    const base = `http://127.0.0.1:${port}`;
    const accounts = await Promise.all(Array.from({ length: ACCOUNTS }, async (_, i) => (await post<{ id: string }>(base, '/accounts', { owner: `bench-${i}` })).id));
    await Promise.all(accounts.map((id) => post(base, `/accounts/${id}/deposits`, { amount: 1_000_000_000 })));
    const transfer = async (sent: Map<string, number>) => {
      const from = Math.floor(Math.random() * ACCOUNTS);
      const to = (from + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS;
      const at = Date.now();
      const { id } = await post<{ id: string }>(base, '/transfers', { fromAccountId: accounts[from], toAccountId: accounts[to], amount: 1 + Math.floor(Math.random() * 100) });
      sent.set(id, at);
    };
    const settled = async (sent: Map<string, number>) => {
      await until(async () => (await count(database, "SELECT COUNT(*) AS n FROM transfers WHERE status = 'pending'")) === 0, 50, 300_000, 'every transfer to complete');
      const [rows] = await database.query('SELECT id, status, finished_at FROM transfers');
      const finished = new Map((rows as Array<{ id: string; status: string; finished_at: number | string }>).filter((r) => sent.has(r.id)).map((r) => [r.id, { status: r.status, at: Number(r.finished_at) }]));
      const failed = [...finished.values()].filter((f) => f.status !== 'completed').length;
      if (failed > 0 || finished.size !== sent.size) throw new Error(`${failed} of ${sent.size} benchmark transfers did not complete (${finished.size} found)`);
      return finished;
    };

    // Warm-up: connections, JIT, the first consumers' pulls.
    const warm = new Map<string, number>();
    await pipelined(200, WINDOW, () => transfer(warm));
    await settled(warm);

    const sent = new Map<string, number>();
    const started = Date.now();
    const acceptedPerSecond = await pipelined(TRANSFERS, WINDOW, () => transfer(sent));
    const finished = await settled(sent);
    const lastFinish = Math.max(...[...finished.values()].map((f) => f.at));
    const completedPerSecond = TRANSFERS / ((lastFinish - started) / 1000);

    const latencyRate = LATENCY_RATE > 0 ? LATENCY_RATE : Math.max(10, Math.min(200, Math.round(completedPerSecond / 2)));
    const paced_ = new Map<string, number>();
    await paced(latencyRate, LATENCY_SECONDS, () => transfer(paced_));
    const latencies = [...(await settled(paced_)).entries()].map(([id, f]) => f.at - paced_.get(id)!);
    return {
      layout,
      completedPerSecond,
      acceptedPerSecond,
      latencyRate,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: Math.max(...latencies),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.query(`DROP DATABASE IF EXISTS \`${namespace}\``).catch(() => undefined);
    await database.end();
    await deleteStreams(namespace);
  }
}

interface Server {
  stop(): Promise<void>;
}

/** Starts the built banking server with `env` and resolves once it printed `ready:`. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const child = startTestProcess({ args: [SERVER], cwd: process.cwd(), env, name: `the banking server (ROLES=${env['ROLES']}; did \`npm run build\` run?)` });
  await child.waitForLine('ready:', 60_000);
  return { stop: async () => void (await child.terminate()) };
}

async function post<T = unknown>(base: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as T;
  if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function createDatabase(name: string): Promise<Connection> {
  const connection = await createConnection({ uri: DATABASE_URL, supportBigNumbers: true });
  await connection.query(`CREATE DATABASE \`${name}\``);
  await connection.query(`USE \`${name}\``);
  return connection;
}

async function count(database: Connection, sql: string): Promise<number> {
  const [rows] = await database.query(sql);
  return Number((rows as Array<{ n: number | string }>)[0]!.n);
}

/** One-UPDATE transactions on a 1 000-row table, 32 in flight, for 3 s: the database's raw pace here. */
async function rawTransactionRate(): Promise<number> {
  const name = `benchbank_raw_${randomBytes(3).toString('hex')}`;
  const admin = await createDatabase(name);
  const pool = createPool({ uri: `${DATABASE_URL}/${name}`, connectionLimit: 32 });
  try {
    await admin.query('CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL)');
    await admin.query(`INSERT INTO account VALUES ${Array.from({ length: 1_000 }, (_, i) => `(${i + 1}, 0)`).join(',')}`);
    let done = 0;
    const deadline = performance.now() + 3_000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < deadline) {
          const connection = await pool.getConnection();
          try {
            await connection.beginTransaction();
            await connection.query('UPDATE account SET balance = balance + 1 WHERE id = ?', [1 + Math.floor(Math.random() * 1_000)]);
            await connection.commit();
            done++;
          } finally {
            connection.release();
          }
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

async function deleteStreams(namespace: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    for (const stream of [`${namespace.toUpperCase()}_BANKING`, `${namespace.toUpperCase()}_BANKING_DLQ`]) await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
