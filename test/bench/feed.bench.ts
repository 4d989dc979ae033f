import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import {
  FEED_SCHEMA,
  FeedClient,
  seedFollowers,
  startFeedProcess,
  type FeedProcess,
} from '@jetbox/sample-social-feed';
import { connect } from 'nats';
import { DataSource } from 'typeorm';
import { now, sleep, until } from './load';
import { median, printRows, quantile, type Row } from './stats';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DATABASE_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
/** Rounds of (quiet probes, fan-out with probes): many, as a fan-out lasts only a few hundred ms, and each round adds ~20 busy samples. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
/** Followers of the author whose posts fan out. The figure is 10 000. */
const FOLLOWERS = Number(process.env.BENCH_FEED_FOLLOWERS ?? 10_000);
/** Followers per `FanOutBatch` (the sample's default). */
const BATCH = Number(process.env.BENCH_FEED_BATCH ?? 500);
/** `POST /posts` probes per second, by an author without followers, in both phases. */
const PROBE_RATE = Number(process.env.BENCH_FEED_PROBE_RATE ?? 100);
/** How long each quiet (no fan-out) probe phase lasts. */
const QUIET_SECONDS = 1;
const POLL_MS = 10;

const E_JET = 'jetbox fan-out: timeline entries/s, post → last entry';
const E_JET_FIRST = 'jetbox fan-out: timeline entries/s, first → last batch';
const E_RAW = 'raw: 500-row INSERTs into a timeline table, 4 at once';
const FAN_OUT_MS = 'jetbox fan-out: post → last entry';
const FIRST_MS = 'jetbox fan-out: post → first batch committed';
const P50_QUIET = 'POST /posts p50, no fan-out running';
const P99_QUIET = 'POST /posts p99, no fan-out running';
const P50_BUSY = 'POST /posts p50, while a fan-out runs';
const P99_BUSY = 'POST /posts p99, while a fan-out runs';

/** One run: a database and a namespace of its own, the feed's processes, and what to clean up. */
class FeedBench {
  readonly namespace = `bench_feed_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  readonly processes: FeedProcess[] = [];
  dataSource!: DataSource;
  api!: FeedClient;

  private get server() {
    const url = new URL(DATABASE_URL);
    return {
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      username: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
    };
  }

  /**
   * Starts the feed as it would be deployed, from the build: a web process (roles api and posts)
   * and a worker process (users, timeline, notifications: all the background work).
   */
  async open(): Promise<void> {
    const { host, port, username, password } = this.server;
    const env = {
      NATS_URL,
      DATABASE_URL: `mysql://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${this.namespace}`,
      FEED_NAMESPACE: this.namespace,
      FEED_MODE: 'production',
      FANOUT_BATCH_SIZE: String(BATCH),
      PORT: '0',
      JETBOX_LOG_LEVEL: 'warn',
    };
    const api = startFeedProcess({ ...env, ROLES: 'api,posts' }, 'build');
    this.processes.push(api);
    const ready = await api.waitForLine('social-feed ready', 60_000);
    this.api = new FeedClient(ready.slice(ready.indexOf('http://')));
    const worker = startFeedProcess({ ...env, ROLES: 'users,timeline,notifications' }, 'build');
    this.processes.push(worker);
    await worker.waitForLine('social-feed ready', 60_000);
    this.dataSource = await new DataSource({
      type: 'mariadb',
      host,
      port,
      username,
      password,
      database: this.namespace,
      entities: [...FEED_SCHEMA.entities],
      poolSize: 8,
    }).initialize();
  }

  /** Timeline batches committed so far (one inbox entry each). */
  async batches(): Promise<number> {
    const [row] = (await this.dataSource.query(
      "SELECT COUNT(*) AS n FROM jetbox_inbox WHERE consumer = 'timeline-fan-out'",
    )) as Array<{ n: string }>;
    return Number(row!.n);
  }

  async close(): Promise<void> {
    for (const child of this.processes)
      if (child.process.exitCode === null && child.process.signalCode === null) await child.terminate();
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    const admin = await new DataSource({ type: 'mariadb', ...this.server }).initialize();
    await admin.query(`DROP DATABASE IF EXISTS \`${this.namespace}\``);
    await admin.destroy();
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const stream of ['SOCIAL', 'SOCIAL_DLQ'])
      await jsm.streams.delete(`${this.namespace.toUpperCase()}_${stream}`).catch(() => undefined);
    await nc.close();
  }
}

/**
 * Sends `POST /posts` by `authorId` at `rate` per second (open loop) until `stop()` answers true;
 * resolves with each request's start time and latency (ms).
 */
async function probe(
  api: FeedClient,
  authorId: string,
  rate: number,
  stop: () => boolean,
): Promise<Array<{ at: number; ms: number }>> {
  const results: Array<Promise<{ at: number; ms: number }>> = [];
  const started = now();
  for (let i = 0; !stop(); i++) {
    const wait = started + (i * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    const at = now();
    results.push(
      api.post('/posts', { authorId, text: `probe ${i}` }).then((answer) => {
        if (answer.status !== 201)
          throw new Error(`POST /posts answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return { at, ms: now() - at };
      }),
    );
  }
  return Promise.all(results);
}

/** One 10 000-follower fan-out with probes running through it: its timings and the probes' latencies. */
async function fanOutRound(b: FeedBench, authorId: string, proberId: string, round: number) {
  const before = await b.batches();
  const expected = Math.ceil(FOLLOWERS / BATCH);
  let done = false;
  const probes = probe(b.api, proberId, PROBE_RATE, () => done);
  await sleep(200);
  const posted = now();
  await b.api.createPost(authorId, `fan-out ${round}`);
  let firstAt = 0;
  await until(
    async () => {
      const batches = (await b.batches()) - before;
      if (batches > 0 && firstAt === 0) firstAt = now();
      return batches >= expected;
    },
    POLL_MS,
    120_000,
    `${expected} timeline batches`,
  );
  const finished = now();
  done = true;
  const during = (await probes).filter((p) => p.at >= posted && p.at <= finished).map((p) => p.ms);
  return { totalMs: finished - posted, firstMs: firstAt - posted, writeMs: finished - firstAt, during };
}

/** The ceiling: the same rows written straight to a table of the same shape, in 500-row transactions, 4 at once. */
async function rawInserts(b: FeedBench, followerIds: readonly string[]): Promise<number> {
  await b.dataSource.query('CREATE TABLE IF NOT EXISTS bench_raw_entries LIKE timeline_entries');
  await b.dataSource.query('TRUNCATE TABLE bench_raw_entries');
  const postId = randomBytes(16).toString('hex');
  const chunks: string[][] = [];
  for (let i = 0; i < followerIds.length; i += BATCH) chunks.push(followerIds.slice(i, i + BATCH));
  const started = now();
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      await b.dataSource.transaction((manager) =>
        manager.query(
          `INSERT IGNORE INTO bench_raw_entries (user_id, post_id, created_at) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap((id) => [id, postId, Date.now()]),
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return followerIds.length / ((now() - started) / 1000);
}

/**
 * `npm run bench -- feed`: timeline entries written per second during a 10 000-follower fan-out
 * (against raw 500-row inserts of the same entries), and the p50/p99 of `POST /posts` while a
 * fan-out runs, against the same load with no fan-out, rounds interleaved in one run.
 */
export async function feedBench(): Promise<void> {
  const b = new FeedBench();
  const samples: Record<string, number[]> = {};
  const add = (name: string, value: number) => (samples[name] ??= []).push(value);
  const quiet: number[] = [];
  const busy: number[] = [];
  const t0 = now();
  const phase = (what: string) =>
    console.error(`[feed bench] ${what} at ${((now() - t0) / 1000).toFixed(1)} s`);
  try {
    await b.open();
    phase('processes started');
    const author = await b.api.createUser('bench_author');
    const prober = await b.api.createUser('bench_prober');
    const followers = await seedFollowers(b.dataSource, author.id, FOLLOWERS, 'bench_follower_');
    phase('followers seeded');
    // Warm up: connections, JIT, buffer pool.
    await probe(
      b.api,
      prober.id,
      PROBE_RATE,
      (() => {
        const end = now() + 1_000;
        return () => now() > end;
      })(),
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const quietEnd = now() + QUIET_SECONDS * 1000;
      quiet.push(...(await probe(b.api, prober.id, PROBE_RATE, () => now() > quietEnd)).map((p) => p.ms));
      const r = await fanOutRound(b, author.id, prober.id, round);
      busy.push(...r.during);
      add(E_JET, FOLLOWERS / (r.totalMs / 1000));
      add(E_JET_FIRST, FOLLOWERS / (r.writeMs / 1000));
      add(FAN_OUT_MS, r.totalMs);
      add(FIRST_MS, r.firstMs);
      add(E_RAW, await rawInserts(b, followers));
      phase(`round ${round} done`);
    }
  } finally {
    await b.close();
    phase('closed');
  }
  const rows: Row[] = [
    { name: E_RAW, value: median(samples[E_RAW]!), unit: 'rows/s' },
    { name: E_JET, value: median(samples[E_JET]!), unit: 'rows/s', baseline: E_RAW },
    { name: E_JET_FIRST, value: median(samples[E_JET_FIRST]!), unit: 'rows/s', baseline: E_RAW },
    { name: FIRST_MS, value: median(samples[FIRST_MS]!), unit: 'ms' },
    { name: FAN_OUT_MS, value: median(samples[FAN_OUT_MS]!), unit: 'ms' },
    { name: P50_QUIET, value: quantile(quiet, 0.5) * 1000, unit: 'µs' },
    { name: P99_QUIET, value: quantile(quiet, 0.99) * 1000, unit: 'µs' },
    { name: P50_BUSY, value: quantile(busy, 0.5) * 1000, unit: 'µs', baseline: P50_QUIET },
    { name: P99_BUSY, value: quantile(busy, 0.99) * 1000, unit: 'µs', baseline: P99_QUIET },
  ];
  printRows(
    `feed: ${FOLLOWERS} followers, batches of ${BATCH}, ${PROBE_RATE} POST /posts a second; median of ${ROUNDS} rounds (latencies: ${quiet.length} quiet and ${busy.length} busy requests)`,
    rows,
  );
  console.log(
    `  per round: fan-out ms ${samples[FAN_OUT_MS]!.map((v) => v.toFixed(0)).join(', ')}; entries/s ${samples[E_JET]!.map((v) => v.toFixed(0)).join(', ')}`,
  );
}
