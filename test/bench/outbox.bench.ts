import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Event, Handles, Jetbox, Publishes, silentLogger, unitOfWork, type MessageContext, type RelayOptions, type ServiceClass } from '@jetbox/core';
import { nats as jetboxNats } from '@jetbox/nats';
import { runJetboxMigrations, typeormOutbox, type TypeOrmOutboxStore } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { AckPolicy, connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { now, paced, pipelined, sampleMemory, startProfile, until } from './load';
import { median, printRows, quantile, type Row } from './stats';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DATABASE_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
/** Messages relayed (row 2) and handled (row 4) per round. */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
/** Transactions per side and round of the write-throughput row. */
const TX = Number(process.env.BENCH_TX ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** How long the 500 msg/s latency runs last; the 2 000 msg/s run lasts half as long. */
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
/** Rows in the backlog the RSS row drains. The issue's figure is 1 000 000. */
const BACKLOG = Number(process.env.BENCH_OUTBOX_BACKLOG ?? 200_000);
/** The smaller relay batch the drain and RSS rows also measure, beside the default 1 024. */
const SMALL_BATCH = Number(process.env.BENCH_SMALL_BATCH ?? 256);
/** `write,drain,latency,handler,rss` (any subset): the rows to run. Default all. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'write,drain,latency,handler,rss').split(','));
const CONCURRENCY = 32;
const ACCOUNTS = 1_000;
const WINDOW = 1_000;
const PAYLOAD_BYTES = 256;
const POLL_ONLY_INTERVAL_MS = 100;
/** A relay that only drains when told to: `wakeRelay()` starts the clock. */
const ON_WAKE_ONLY: RelayOptions = { pollIntervalMs: 3_600_000, maintenanceIntervalMs: 3_600_000 };
const UPDATE = 'UPDATE account SET balance = balance + 1 WHERE id = ?';

let run = 0;
const unique = () => `${Date.now().toString(36)}${(run++).toString(36)}`;
const account = () => 1 + Math.floor(Math.random() * ACCOUNTS);
const body = { data: 'x'.repeat(PAYLOAD_BYTES - '{"data":""}'.length) };

/** The messages and services of one app family, on subjects under `prefix`. */
function model(prefix: string) {
  @Event(`${prefix}.credited.v1`)
  class Credited {
    constructor(
      readonly accountId: number,
      readonly amount: number,
    ) {}
  }
  @Event(`${prefix}.payload.v1`)
  class Payload {
    constructor(readonly data: string) {}
  }
  @Event(`${prefix}.stamped.v1`)
  class Stamped {
    constructor(
      readonly seq: number,
      /** When the writer published it, before its commit. */
      readonly at: number,
    ) {}
  }
  const probes = { stamped: (_event: Stamped): void => undefined };

  @injectable()
  class Accounts {
    @Publishes(Credited)
    async credit(accountId: number, ctx = unitOfWork<EntityManager>()): Promise<void> {
      await ctx.manager.query(UPDATE, [accountId]);
      ctx.publish(new Credited(accountId, 1));
    }

    @Publishes(Stamped)
    async stamp(seq: number, ctx = unitOfWork<EntityManager>()): Promise<void> {
      await ctx.manager.query(UPDATE, [account()]);
      ctx.publish(new Stamped(seq, now()));
    }
  }
  @injectable()
  class Ledger {
    /** Idempotent (the default with an outbox): inbox entry and this UPDATE in one transaction. */
    @Handles(Credited, { durable: 'ledger', concurrency: CONCURRENCY })
    async onCredited(event: Credited, ctx: MessageContext<EntityManager>): Promise<void> {
      await ctx.manager.query(UPDATE, [event.accountId]);
    }
  }
  /** Called as soon as a message arrives, as the raw consumer is (no inbox transaction first). */
  @injectable()
  class Clock {
    @Handles(Stamped, { durable: 'clock', concurrency: 16, idempotent: false })
    async onStamped(event: Stamped): Promise<void> {
      probes.stamped(event);
    }
  }
  /** Idempotent (the default with an outbox): called inside its inbox transaction. */
  @injectable()
  class InboxClock {
    @Handles(Stamped, { durable: 'clock-inbox', concurrency: 16 })
    async onStamped(event: Stamped): Promise<void> {
      probes.stamped(event);
    }
  }
  return { prefix, Credited, Payload, Stamped, Accounts, Ledger, Clock, InboxClock, probes };
}
type Model = ReturnType<typeof model>;

const streamOf = (prefix: string) => `BENCH_${prefix.toUpperCase()}`;

interface AppOptions {
  readonly relay?: RelayOptions;
  readonly consume?: boolean;
  readonly onHandled?: () => void;
}

/** A Jetbox app on `dataSource` with an outbox, on the stream `BENCH_<prefix>`. */
async function outboxApp(dataSource: DataSource, m: Model, services: ServiceClass[], options: AppOptions = {}) {
  const container = new Container();
  for (const service of services) container.bind(service).toSelf().inSingletonScope();
  const stream = streamOf(m.prefix);
  const app = await Jetbox.create({
    name: 'bench-outbox',
    container,
    services,
    transport: jetboxNats({ servers: NATS_URL, name: 'jetbox-bench-outbox' }),
    outbox: typeormOutbox({ dataSource }),
    relay: options.relay,
    streams: [{ name: stream, subjects: [`${m.prefix}.>`] }],
    deadLetter: { stream: `${stream}_DLQ`, subjectPrefix: `${m.prefix}-dlq` },
    hooks: options.onHandled ? { onHandled: options.onHandled } : {},
    logger: silentLogger,
    consume: options.consume ?? false,
  });
  return { app, container };
}

/** Where `DATABASE_URL` points, as TypeORM connection options. */
function server() {
  const url = new URL(DATABASE_URL);
  return {
    type: 'mariadb' as const,
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
  };
}

/** One benchmark run: its database, connections, and what to clean up. */
class Bench {
  readonly apps: Jetbox[] = [];
  readonly streams = new Set<string>();
  store!: TypeOrmOutboxStore;
  private admin?: DataSource;
  dataSource!: DataSource;
  /** The raw client, set up as Jetbox sets up its own (no async traces). */
  nc!: NatsConnection;
  /** The raw client with the `nats` package's defaults. */
  ncDefaults!: NatsConnection;
  database = `jetbox_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

  async open(): Promise<void> {
    const base = server();
    this.admin = await new DataSource(base).initialize();
    await this.admin.query(`CREATE DATABASE \`${this.database}\``);
    this.dataSource = await new DataSource({ ...base, database: this.database, poolSize: 48 }).initialize();
    await runJetboxMigrations(this.dataSource);
    await this.dataSource.query('CREATE TABLE account (id INT NOT NULL PRIMARY KEY, balance BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB');
    await this.dataSource.query(`INSERT INTO account (id) VALUES ${Array.from({ length: ACCOUNTS }, (_, i) => `(${i + 1})`).join(', ')}`);
    // The raw inbox: jetbox_inbox's shape.
    await this.dataSource.query(`CREATE TABLE bench_inbox (
      consumer VARCHAR(255) NOT NULL,
      message_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      handled_at DATETIME(3) NOT NULL,
      PRIMARY KEY (consumer, message_id),
      KEY idx_bench_inbox_handled_at (handled_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    this.store = typeormOutbox({ dataSource: this.dataSource });
    this.nc = await connect({ servers: NATS_URL, name: 'jetbox-bench-outbox-raw', noAsyncTraces: true });
    this.ncDefaults = await connect({ servers: NATS_URL, name: 'jetbox-bench-outbox-raw-defaults' });
  }

  /** A Jetbox app on this database with an outbox, on a stream of its own under `m.prefix`. */
  async app(m: Model, services: ServiceClass[], options: AppOptions = {}) {
    const stream = streamOf(m.prefix);
    this.streams.add(stream).add(`${stream}_DLQ`);
    const made = await outboxApp(this.dataSource, m, services, options);
    this.apps.push(made.app);
    return made;
  }

  /** A stream of its own for the raw client. */
  async rawStream(prefix: string): Promise<string> {
    const name = streamOf(prefix);
    this.streams.add(name);
    await (await this.nc.jetstreamManager()).streams.add({ name, subjects: [`${prefix}.>`] });
    return name;
  }

  /** Stops the apps, deletes the streams, and empties the outbox and inboxes for the next measurement. */
  async reset(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.stop();
    const jsm = await this.nc.jetstreamManager();
    for (const stream of this.streams) await jsm.streams.delete(stream).catch(() => undefined);
    this.streams.clear();
    for (const table of ['jetbox_outbox', 'jetbox_inbox', 'bench_inbox']) await this.dataSource.query(`TRUNCATE TABLE ${table}`);
  }

  async close(): Promise<void> {
    try {
      await this.reset();
    } finally {
      if (this.dataSource?.isInitialized) await this.dataSource.destroy();
      await this.admin?.query(`DROP DATABASE IF EXISTS \`${this.database}\``);
      await this.admin?.destroy();
      await this.nc?.close();
      await this.ncDefaults?.close();
    }
  }

  /** Writes `n` Payload records to the outbox through `app`, `chunk` per transaction, two transactions at once. */
  async fill(app: Jetbox, m: Model, n: number, chunk = 2_000): Promise<number> {
    const chunks = Math.ceil(n / chunk);
    const rate = await pipelined(chunks, 2, (c) =>
      app.transaction(async (uow) => {
        for (let i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) uow.publish(new m.Payload(body.data));
      }),
    );
    return rate * chunk;
  }

  /** Wakes `app`'s relay and resolves with how long the outbox took to have nothing unsent (ms). */
  async drain(app: Jetbox, pollMs: number, timeoutMs: number): Promise<number> {
    const started = performance.now();
    app.wakeRelay();
    await until(async () => (await this.store.backlog()).unsent === 0, pollMs, timeoutMs, 'the relay to drain the outbox');
    return performance.now() - started;
  }
}

/** Runs `phase` under a CPU profile when BENCH_PROFILE is set (the last profiled phase wins: pick one with BENCH_ONLY). */
async function profiled<T>(phase: () => Promise<T>): Promise<T> {
  const stop = await startProfile();
  try {
    return await phase();
  } finally {
    await stop?.();
  }
}

// 1. Write throughput: the same transactions with and without the outbox.

async function writeRaw(b: Bench): Promise<number> {
  return pipelined(TX, CONCURRENCY, () => b.dataSource.transaction((manager) => manager.query(UPDATE, [account()])));
}

/** What the outbox write costs the database alone: the same UPDATE and a hand-written INSERT of a row of the outbox's shape. */
async function writeRawWithOutboxRow(b: Bench): Promise<number> {
  const tag = unique();
  const headers = JSON.stringify({
    'ce-id': '0190a6c5-8f6e-7c3b-9d1a-5b2e4f6a7c8d',
    'ce-type': 'bench.credited.v1',
    'ce-source': 'bench-outbox',
    'ce-specversion': '1.0',
    'ce-time': new Date().toISOString(),
    'content-type': 'application/json',
    'ce-correlationid': '0190a6c5-8f6e-7c3b-9d1a-5b2e4f6a7c8d',
  });
  return pipelined(TX, CONCURRENCY, (i) =>
    b.dataSource.transaction(async (manager) => {
      const id = account();
      await manager.query(UPDATE, [id]);
      const at = new Date();
      await manager.query(
        'INSERT INTO jetbox_outbox (id, subject, headers, payload, partition_key, created_at, available_at, attempts) VALUES (?, ?, ?, ?, NULL, ?, ?, 0)',
        [`${tag}-${String(i).padStart(36 - tag.length - 1, '0')}`, 'bench.credited.v1', headers, Buffer.from(JSON.stringify({ accountId: id, amount: 1 })), at, at],
      );
    }),
  );
}

async function writeJetbox(accounts: InstanceType<Model['Accounts']>): Promise<number> {
  return profiled(() => pipelined(TX, CONCURRENCY, () => accounts.credit(account())));
}

// 2. Relay drain against raw pipelined publish of the same messages.

async function drainRaw(b: Bench, sample: { headers: Record<string, string>; payload: Uint8Array }, nc = b.nc): Promise<number> {
  const prefix = `obraw${unique()}`;
  await b.rawStream(prefix);
  const js = nc.jetstream();
  const subject = `${prefix}.payload.v1`;
  const tag = unique();
  return pipelined(MESSAGES, WINDOW, (i) => {
    const id = `${tag}-${i}`;
    const h = natsHeaders();
    for (const [name, value] of Object.entries(sample.headers)) h.set(name, name === 'ce-id' ? id : value);
    return js.publish(subject, sample.payload, { msgID: id, headers: h });
  });
}

async function drainJetbox(b: Bench, batchSize?: number): Promise<{ rate: number; sample: { headers: Record<string, string>; payload: Uint8Array } }> {
  const m = model(`obdrain${unique()}`);
  const relay = await b.app(m, [], { relay: batchSize ? { ...ON_WAKE_ONLY, batchSize } : ON_WAKE_ONLY });
  const filler = await b.app(m, [], { relay: { enabled: false } });
  await relay.app.start();
  await filler.app.start();
  await b.fill(filler.app, m, MESSAGES);
  const [row] = (await b.dataSource.query('SELECT headers, payload FROM jetbox_outbox LIMIT 1')) as Array<{ headers: string; payload: Buffer }>;
  const ms = await profiled(() => b.drain(relay.app, 10, 120_000));
  return { rate: MESSAGES / (ms / 1000), sample: { headers: JSON.parse(row!.headers) as Record<string, string>, payload: new Uint8Array(row!.payload) } };
}

// 3. Commit→handler latency at a fixed rate.

interface Latencies {
  /** From the moment the writer's commit returned to the handler's call (µs). */
  readonly commit: number[];
  /** From the time carried in the payload (set before the commit) to the handler's call (µs). */
  readonly write: number[];
  /** Commits per second achieved (the writer's open loop, until every commit returned). */
  committedRate?: number;
}

/**
 * `mode` 'wake': one app writes, relays (woken after each commit) and handles. 'poll': the writer's
 * relay is off and a second app, which never hears of the commits, relays on its poll alone.
 */
async function latencyJetbox(b: Bench, rate: number, seconds: number, mode: 'wake' | 'poll', handler: 'plain' | 'inbox' = 'plain'): Promise<Latencies> {
  const m = model(`oblat${unique()}`);
  const writer = await b.app(m, [m.Accounts, handler === 'plain' ? m.Clock : m.InboxClock], { consume: true, relay: mode === 'wake' ? undefined : { enabled: false } });
  if (mode === 'poll') await (await b.app(m, [], { relay: { pollIntervalMs: POLL_ONLY_INTERVAL_MS } })).app.start();
  const committed = new Map<number, number>();
  const result: Latencies = { commit: [], write: [] };
  let handled = 0;
  m.probes.stamped = (event) => {
    const at = now();
    handled++;
    if (event.seq < 0) return;
    result.write.push((at - event.at) * 1000);
    const commit = committed.get(event.seq);
    if (commit !== undefined) result.commit.push((at - commit) * 1000);
  };
  await writer.app.start();
  const accounts = writer.container.get(m.Accounts);
  // Warm-up: JIT, connections, the consumer's first pull.
  await paced(rate, 0.5, (i) => accounts.stamp(-1 - i));
  await until(() => handled >= Math.round(rate * 0.5), 5, 30_000, 'the warm-up messages');
  const begun = performance.now();
  const n = await (mode === 'wake' && rate === 500 ? profiled : (phase: () => Promise<number>) => phase())(() =>
    paced(rate, seconds, async (seq) => {
      await accounts.stamp(seq);
      committed.set(seq, now());
    }),
  );
  result.committedRate = n / ((performance.now() - begun) / 1000);
  await until(() => result.write.length >= n, 5, 60_000, `${n} handled messages`);
  await b.reset();
  return result;
}

/** The floor: a raw transaction commits, then `js.publish`; a raw consumer takes it. */
async function latencyRaw(b: Bench, rate: number, seconds: number): Promise<Latencies> {
  const prefix = `oblatraw${unique()}`;
  const stream = await b.rawStream(prefix);
  const subject = `${prefix}.stamped.v1`;
  const jsm = await b.nc.jetstreamManager();
  await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, filter_subject: subject });
  const messages = await (await b.nc.jetstream().consumers.get(stream, 'raw')).consume();
  const committed = new Map<number, number>();
  const result: Latencies = { commit: [], write: [] };
  let handled = 0;
  const reading = (async () => {
    for await (const msg of messages) {
      const at = now();
      const event = msg.json<{ seq: number; at: number }>();
      msg.ack();
      handled++;
      if (event.seq < 0) continue;
      result.write.push((at - event.at) * 1000);
      const commit = committed.get(event.seq);
      if (commit !== undefined) result.commit.push((at - commit) * 1000);
    }
  })();
  const js = b.nc.jetstream();
  const tag = unique();
  const send = async (seq: number) => {
    const at = now();
    await b.dataSource.transaction((manager) => manager.query(UPDATE, [account()]));
    committed.set(seq, now());
    await js.publish(subject, new TextEncoder().encode(JSON.stringify({ seq, at })), { msgID: `${tag}-${seq}` });
  };
  await paced(rate, 0.5, (i) => send(-1 - i));
  await until(() => handled >= Math.round(rate * 0.5), 5, 30_000, 'the warm-up messages');
  const begun = performance.now();
  const n = await paced(rate, seconds, send);
  result.committedRate = n / ((performance.now() - begun) / 1000);
  await until(() => result.write.length >= n, 5, 60_000, `${n} raw messages`);
  messages.stop();
  await reading;
  await b.reset();
  return result;
}

// 4. Idempotent handler throughput against raw inbox transactions.

async function handlerRaw(b: Bench): Promise<number> {
  const tag = unique();
  return pipelined(MESSAGES, CONCURRENCY, (i) =>
    b.dataSource.transaction(async (manager) => {
      await manager.query('INSERT IGNORE INTO bench_inbox (consumer, message_id, handled_at) VALUES (?, ?, ?)', ['raw', `${tag}-${String(i).padStart(12, '0')}`, new Date()]);
      await manager.query(UPDATE, [account()]);
    }),
  );
}

async function handlerJetbox(b: Bench): Promise<{ fromStart: number; steady: number }> {
  const m = model(`obhandle${unique()}`);
  const filler = await b.app(m, [], { relay: { enabled: false } });
  await filler.app.start();
  await pipelined(MESSAGES, WINDOW, () => filler.app.publish(new m.Credited(account(), 1)));
  let handled = 0;
  let first = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const handler = await b.app(m, [m.Ledger], {
    consume: true,
    relay: { enabled: false },
    onHandled: () => {
      if (++handled === 1) first = performance.now();
      if (handled === MESSAGES) finish();
    },
  });
  const started = performance.now();
  await profiled(async () => {
    await handler.app.start();
    await done;
  });
  const ended = performance.now();
  await b.reset();
  return { fromStart: MESSAGES / ((ended - started) / 1000), steady: (MESSAGES - 1) / ((ended - first) / 1000) };
}

// 5. Relay memory while draining a large backlog.

interface RssReport {
  /** RSS of the relay's process once connected to MariaDB, before the app starts (bytes). */
  readonly idle: number;
  /** Highest RSS sampled every 250 ms from start until the backlog was empty (bytes). */
  readonly peak: number;
  /** Highest V8 heap size (`heapTotal`) and off-heap buffer memory (`external`) in those samples (bytes). */
  readonly heapPeak: number;
  readonly externalPeak: number;
  readonly drainRate: number;
}

/**
 * Fills the outbox with `BACKLOG` rows here, then drains them with one relay in a child process of
 * its own (nothing else in it), which reports its RSS.
 */
async function relayRss(b: Bench, batchSize?: number): Promise<RssReport & { fillRate: number }> {
  const m = model(`obrss${unique()}`);
  const filler = await b.app(m, [], { relay: { enabled: false } });
  await filler.app.start();
  const fillRate = await b.fill(filler.app, m, BACKLOG, 5_000);
  const { execFile } = await import('node:child_process');
  const report = await new Promise<RssReport>((resolve, reject) =>
    execFile(
      process.execPath,
      [__filename, RELAY_CHILD, b.database, m.prefix, ...(batchSize ? [String(batchSize)] : [])],
      { maxBuffer: 1 << 20, timeout: 60 * 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`relay child failed: ${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as RssReport)),
    ),
  );
  await b.reset();
  return { ...report, fillRate };
}

const RELAY_CHILD = 'relay-child';

/** The child of `relayRss`: one app whose relay drains the outbox of `database`; prints an RssReport. */
async function relayChild(database: string, prefix: string, batchSize?: number): Promise<void> {
  const dataSource = await new DataSource({ ...server(), database }).initialize();
  const store = typeormOutbox({ dataSource });
  const { app } = await outboxApp(dataSource, model(prefix), [], batchSize ? { relay: { batchSize } } : {});
  const idle = process.memoryUsage().rss;
  const sampler = sampleMemory(250);
  const started = performance.now();
  await app.start();
  await until(async () => (await store.backlog()).unsent === 0, 1_000, 60 * 60_000, 'the relay to drain the backlog');
  const ms = performance.now() - started;
  const peaks = sampler.stop();
  await app.stop();
  await dataSource.destroy();
  process.stdout.write(JSON.stringify({ idle, peak: peaks.rss, heapPeak: peaks.heapTotal, externalPeak: peaks.external, drainRate: BACKLOG / (ms / 1000) } satisfies RssReport));
}

if (require.main === module && process.argv[2] === RELAY_CHILD) {
  relayChild(process.argv[3]!, process.argv[4]!, process.argv[5] ? Number(process.argv[5]) : undefined).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

const W_RAW = 'raw tx: UPDATE, concurrency 32';
const W_RAW_OUTBOX = 'raw tx: UPDATE + INSERT outbox-shaped row, c 32';
const W_JET = 'jetbox @Publishes: UPDATE + outbox row, c 32';
const D_RAW = 'raw js.publish, pipelined, same messages (noAsyncTraces, as Jetbox)';
const D_RAW_DEFAULTS = 'raw js.publish, pipelined, same messages (client defaults)';
const D_JET = 'jetbox relay drain (one relay, default batchSize 1 024)';
const D_JET_SMALL = `jetbox relay drain, batchSize ${SMALL_BATCH}`;
const H_RAW = 'raw tx: INSERT IGNORE inbox + UPDATE, c 32';
const H_JET = 'jetbox idempotent handler (UPDATE), c 32';
const H_JET_STEADY = 'jetbox idempotent handler, first → last message (start-up excluded, as the raw side has none)';

/** Outbox write path, relay drain, commit→handler latency, inbox handler throughput and relay RSS, each against its raw baseline. */
export async function outboxBench(): Promise<void> {
  const b = new Bench();
  const samples: Record<string, number[]> = {};
  const add = (name: string, value: number) => (samples[name] ??= []).push(value);
  const latency: Record<string, Latencies> = {};
  let rss: Awaited<ReturnType<typeof relayRss>> | undefined;
  let rssSmall: Awaited<ReturnType<typeof relayRss>> | undefined;
  await b.open();
  try {
    if (ONLY.has('write')) {
      const m = model(`obwrite${unique()}`);
      const { app, container } = await b.app(m, [m.Accounts], { relay: { enabled: false } });
      await app.start();
      const accounts = container.get(m.Accounts);
      await pipelined(500, CONCURRENCY, () => b.dataSource.transaction((manager) => manager.query(UPDATE, [account()])));
      await pipelined(500, CONCURRENCY, () => accounts.credit(account()));
      for (let round = 1; round <= ROUNDS; round++) {
        // Alternate which goes first: the table and the buffer pool warm up as rounds go.
        if (round % 2 === 1) add(W_RAW, await writeRaw(b));
        add(W_RAW_OUTBOX, await writeRawWithOutboxRow(b));
        add(W_JET, await writeJetbox(accounts));
        if (round % 2 === 0) add(W_RAW, await writeRaw(b));
        await b.dataSource.query('TRUNCATE TABLE jetbox_outbox');
      }
      await b.reset();
    }
    if (ONLY.has('drain')) {
      for (let round = 1; round <= ROUNDS; round++) {
        const { rate, sample } = await drainJetbox(b);
        await b.reset();
        add(D_JET, rate);
        add(D_RAW, await drainRaw(b, sample));
        await b.reset();
        add(D_RAW_DEFAULTS, await drainRaw(b, sample, b.ncDefaults));
        await b.reset();
        add(D_JET_SMALL, (await drainJetbox(b, SMALL_BATCH)).rate);
        await b.reset();
      }
    }
    if (ONLY.has('latency')) {
      latency['raw: commit, then js.publish → consume, 500 msg/s'] = await latencyRaw(b, 500, LATENCY_SECONDS);
      latency['jetbox, relay woken after commit, 500 msg/s'] = await latencyJetbox(b, 500, LATENCY_SECONDS, 'wake');
      latency['jetbox, relay woken after commit, 2 000 msg/s'] = await latencyJetbox(b, 2_000, LATENCY_SECONDS / 2, 'wake');
      latency['jetbox, idempotent handler (called inside its inbox transaction), 500 msg/s'] = await latencyJetbox(b, 500, LATENCY_SECONDS, 'wake', 'inbox');
      latency[`jetbox, polling only (${POLL_ONLY_INTERVAL_MS} ms), 500 msg/s`] = await latencyJetbox(b, 500, LATENCY_SECONDS, 'poll');
    }
    if (ONLY.has('handler')) {
      for (let round = 1; round <= ROUNDS; round++) {
        add(H_RAW, await handlerRaw(b));
        await b.reset();
        const rates = await handlerJetbox(b);
        add(H_JET, rates.fromStart);
        add(H_JET_STEADY, rates.steady);
      }
    }
    if (ONLY.has('rss')) {
      rss = await relayRss(b);
      rssSmall = await relayRss(b, SMALL_BATCH);
    }
  } finally {
    await b.close();
  }

  const row = (name: string, unit: string, baseline?: string | string[]): Row[] => (samples[name] ? [{ name, value: median(samples[name]), unit, baseline }] : []);
  printRows(`outbox: MariaDB + NATS at ${NATS_URL}; ${TX} tx, ${MESSAGES} messages of ${PAYLOAD_BYTES} B, median of ${ROUNDS} rounds`, [
    ...row(W_RAW, 'tx/s'),
    ...row(W_RAW_OUTBOX, 'tx/s', W_RAW),
    ...row(W_JET, 'tx/s', [W_RAW, W_RAW_OUTBOX]),
    ...row(D_RAW, 'msg/s'),
    ...row(D_RAW_DEFAULTS, 'msg/s'),
    ...row(D_JET, 'msg/s', [D_RAW, D_RAW_DEFAULTS]),
    ...row(D_JET_SMALL, 'msg/s', [D_RAW, D_JET]),
    ...row(H_RAW, 'tx/s'),
    ...row(H_JET, 'msg/s', H_RAW),
    ...row(H_JET_STEADY, 'msg/s', H_RAW),
  ]);
  const latencyRows: Row[] = [];
  const rawLatency = Object.keys(latency)[0];
  for (const [name, l] of Object.entries(latency)) {
    for (const [what, values] of [
      ['commit→handler', l.commit],
      ['write→handler', l.write],
    ] as const) {
      for (const q of [0.5, 0.99]) {
        const base = `${rawLatency} ${what} p${q * 100}`;
        const own = `${name} ${what} p${q * 100}`;
        latencyRows.push({ name: own, value: quantile(values, q), unit: 'µs', baseline: own === base ? undefined : base });
      }
    }
  }
  if (latencyRows.length > 0) {
    printRows('outbox latency (µs; write→handler includes the commit)', latencyRows);
    for (const [name, l] of Object.entries(latency)) console.log(`${name}: ${l.committedRate?.toFixed(0)} commits/s achieved`);
  }
  if (rss) {
    const mb = (bytes: number) => bytes / 1024 / 1024;
    printRows(`outbox relay memory: one relay in a process of its own draining ${BACKLOG} rows`, [
      { name: 'backlog fill rate (app.transaction, 5 000 per tx)', value: rss.fillRate, unit: 'rows/s' },
      { name: 'relay drain rate (from app.start())', value: rss.drainRate, unit: 'msg/s' },
      { name: 'RSS connected to MariaDB, before app.start()', value: mb(rss.idle), unit: 'MB' },
      { name: 'RSS peak while draining (every 250 ms)', value: mb(rss.peak), unit: 'MB' },
      { name: 'V8 heap (heapTotal) peak', value: mb(rss.heapPeak), unit: 'MB' },
      { name: 'off-heap buffers (external) peak', value: mb(rss.externalPeak), unit: 'MB' },
      ...(rssSmall
        ? [
            { name: `relay drain rate, batchSize ${SMALL_BATCH}`, value: rssSmall.drainRate, unit: 'msg/s' },
            { name: `RSS peak while draining, batchSize ${SMALL_BATCH}`, value: mb(rssSmall.peak), unit: 'MB' },
            { name: `V8 heap (heapTotal) peak, batchSize ${SMALL_BATCH}`, value: mb(rssSmall.heapPeak), unit: 'MB' },
            { name: `off-heap buffers (external) peak, batchSize ${SMALL_BATCH}`, value: mb(rssSmall.externalPeak), unit: 'MB' },
          ]
        : []),
    ]);
  }

  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const ratio = (a: string, base: string) => (samples[a] && samples[base] ? median(samples[a]) / median(samples[base]) : undefined);
  const targets: string[] = [];
  const write = ratio(W_JET, W_RAW);
  if (write !== undefined) targets.push(`write with the outbox ≥ 0.85 of without: ${write.toFixed(3)} ${verdict(write >= 0.85)}`);
  const drain = ratio(D_JET, D_RAW);
  if (drain !== undefined) targets.push(`one relay ≥ 0.9 of raw pipelined publish: ${drain.toFixed(3)} ${verdict(drain >= 0.9)}`);
  const at500 = latency['jetbox, relay woken after commit, 500 msg/s'];
  if (at500) {
    const p50 = quantile(at500.commit, 0.5) / 1000;
    const p99 = quantile(at500.commit, 0.99) / 1000;
    targets.push(`commit→handler at 500 msg/s p50 ≤ 2 ms: ${p50.toFixed(2)} ms ${verdict(p50 <= 2)}; p99 ≤ 10 ms: ${p99.toFixed(2)} ms ${verdict(p99 <= 10)}`);
  }
  const handler = ratio(H_JET, H_RAW);
  if (handler !== undefined) targets.push(`idempotent handler ≥ 0.8 of raw tx rate: ${handler.toFixed(3)} ${verdict(handler >= 0.8)}`);
  if (rss) {
    const peak = rss.peak / 1024 / 1024;
    targets.push(`relay RSS < 150 MB draining ${BACKLOG} rows: peak ${peak.toFixed(0)} MB ${verdict(peak < 150)}` + (rssSmall ? ` (batchSize ${SMALL_BATCH}: ${(rssSmall.peak / 1024 / 1024).toFixed(0)} MB)` : ''));
  }
  if (targets.length > 0) console.log(`\noutbox targets\n${targets.map((t) => `- ${t}`).join('\n')}`);
}
