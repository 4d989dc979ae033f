import 'reflect-metadata';
import { Event, Handles, Jetbox, silentLogger, type Transport } from '@jetbox/core';
import { nats as jetboxNats } from '@jetbox/nats';
import { Container, injectable } from 'inversify';
import { AckPolicy, connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { pipelined, startProfile } from './load';
import { median, printRows, type Row } from './stats';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WINDOW = 1_000;
const PAYLOAD_BYTES = 256;

let run = 0;
const unique = () => `${Date.now().toString(36)}${(run++).toString(36)}`;

/** A JSON body of exactly `PAYLOAD_BYTES` bytes. */
const body = { data: 'x'.repeat(PAYLOAD_BYTES - '{"data":""}'.length) };
const rawPayload = new TextEncoder().encode(JSON.stringify(body));

async function withStream<T>(nc: NatsConnection, subject: string, fn: (stream: string) => Promise<T>): Promise<T> {
  const jsm = await nc.jetstreamManager();
  const stream = `BENCH_${subject.split('.')[0]!.toUpperCase()}`;
  await jsm.streams.add({ name: stream, subjects: [`${subject.split('.')[0]}.>`] });
  try {
    return await fn(stream);
  } finally {
    await jsm.streams.delete(stream);
  }
}

/**
 * What a hand-written publisher with Jetbox's wire format does per message: JSON-encode the body,
 * build the CloudEvents headers, publish with a message id.
 */
async function rawPublishWithHeaders(nc: NatsConnection): Promise<number> {
  const subject = `bench${unique()}.raw.v1`;
  return withStream(nc, subject, async () => {
    const js = nc.jetstream();
    return pipelined(MESSAGES, WINDOW, (i) => {
      const h = natsHeaders();
      const id = `raw-${unique()}-${i}`;
      h.set('ce-id', id);
      h.set('ce-type', subject);
      h.set('ce-source', 'bench');
      h.set('ce-specversion', '1.0');
      h.set('ce-time', new Date().toISOString());
      h.set('content-type', 'application/json');
      h.set('ce-correlationid', id);
      return js.publish(subject, new TextEncoder().encode(JSON.stringify(body)), { msgID: id, headers: h });
    });
  });
}

async function rawPublish(nc: NatsConnection): Promise<number> {
  const subject = `bench${unique()}.raw.v1`;
  return withStream(nc, subject, async () => {
    const js = nc.jetstream();
    return pipelined(MESSAGES, WINDOW, (i) => js.publish(subject, rawPayload, { msgID: `raw-${i}` }));
  });
}

/** Reads `MESSAGES` from the durable `durable` (created here) with the raw client, acking each. */
async function rawConsumeFrom(nc: NatsConnection, stream: string, subject: string, durable: string): Promise<number> {
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: subject });
  const consumer = await nc.jetstream().consumers.get(stream, durable);
  const profile = await startProfile();
  const started = performance.now();
  const messages = await consumer.consume();
  let seen = 0;
  for await (const m of messages) {
    m.ack();
    if (++seen === MESSAGES) break;
  }
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await profile?.();
  // Unread buffered messages would keep close() pending; stop() ends the iterator at once.
  messages.stop();
  return rate;
}

/** Raw consume of bare 256-byte messages without headers: the client's ceiling. */
async function rawConsumeBare(nc: NatsConnection): Promise<number> {
  const subject = `bench${unique()}.raw.v1`;
  return withStream(nc, subject, async (stream) => {
    const js = nc.jetstream();
    await pipelined(MESSAGES, WINDOW, () => js.publish(subject, rawPayload));
    return rawConsumeFrom(nc, stream, subject, 'raw');
  });
}

/** A Jetbox app with one handler at `concurrency` (0: publish only) on subjects under `prefix`. */
async function jetboxApp(prefix: string, concurrency: number, onHandled: () => void) {
  @Event(`${prefix}.payload.v1`)
  class Payload {
    constructor(readonly data: string) {}
  }
  @injectable()
  class Sink {
    @Handles(Payload, { durable: `sink-c${concurrency}`, concurrency: Math.max(1, concurrency) })
    async on(): Promise<void> {}
  }
  const container = new Container();
  container.bind(Sink).toSelf().inSingletonScope();
  const transport: Transport = jetboxNats({ servers: NATS_URL, name: 'jetbox-bench' });
  const streams = [`BENCH_${prefix.toUpperCase()}`, `BENCH_${prefix.toUpperCase()}_DLQ`];
  const app = await Jetbox.create({
    name: 'bench',
    container,
    services: [Sink],
    transport,
    streams: [{ name: streams[0]!, subjects: [`${prefix}.>`] }],
    deadLetter: { stream: streams[1], subjectPrefix: `${prefix}-dlq` },
    hooks: { onHandled },
    logger: silentLogger,
    consume: concurrency > 0,
  });
  return { app, Payload, streams };
}

async function jetboxPublish(nc: NatsConnection): Promise<number> {
  const { app, Payload, streams } = await jetboxApp(`bench${unique()}`, 0, () => undefined);
  await app.start();
  const profile = await startProfile();
  try {
    return await pipelined(MESSAGES, WINDOW, () => app.publish(new Payload(body.data)));
  } finally {
    await profile?.();
    await app.stop();
    await deleteStreams(nc, streams);
  }
}

/** Fills a stream with `MESSAGES` Jetbox messages; returns its prefix and stream names. */
async function fillJetboxStream(): Promise<{ prefix: string; streams: string[]; subject: string }> {
  const prefix = `bench${unique()}`;
  const filler = await jetboxApp(prefix, 0, () => undefined);
  await filler.app.start();
  await pipelined(MESSAGES, WINDOW, () => filler.app.publish(new filler.Payload(body.data)));
  await filler.app.stop();
  return { prefix, streams: filler.streams, subject: `${prefix}.payload.v1` };
}

/** Handles `MESSAGES` from the filled stream under `prefix` with one handler at `concurrency`. */
async function jetboxConsume(prefix: string, concurrency: number): Promise<number> {
  let handled = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const { app } = await jetboxApp(prefix, concurrency, () => {
    if (++handled === MESSAGES) finish();
  });
  await app.start();
  const profile = await startProfile();
  const started = performance.now();
  await done;
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await profile?.();
  await app.stop();
  return rate;
}

async function deleteStreams(nc: NatsConnection, streams: readonly string[]): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
}

/** Handler throughput and publish rate over JetStream, each as a ratio of the raw `nats` client. */
export async function transportBench(): Promise<void> {
  const nc = await connect({ servers: NATS_URL, name: 'jetbox-bench-raw' });
  const samples: Record<string, number[]> = {};
  const add = (name: string, value: number) => (samples[name] ??= []).push(value);
  const only = process.env.BENCH_ONLY;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      if (!only || only === 'publish') {
        add(RAW_PUBLISH, await rawPublish(nc));
        add(RAW_PUBLISH_HEADERS, await rawPublishWithHeaders(nc));
        add('jetbox app.publish, pipelined', await jetboxPublish(nc));
      }
      if (!only || only === 'consume') {
        add(RAW_CONSUME_BARE, await rawConsumeBare(nc));
        const filled = await fillJetboxStream();
        try {
          add(RAW_CONSUME, await rawConsumeFrom(nc, filled.streams[0]!, filled.subject, 'raw'));
          add('jetbox handler, concurrency 1', await jetboxConsume(filled.prefix, 1));
          add('jetbox handler, concurrency 64', await jetboxConsume(filled.prefix, 64));
        } finally {
          await deleteStreams(nc, filled.streams);
        }
      }
    }
  } finally {
    await nc.close();
  }
  const row = (name: string, baseline?: string | string[]): Row[] => (samples[name] ? [{ name, value: median(samples[name]), unit: 'msg/s', baseline }] : []);
  printRows(`transport: ${MESSAGES} messages of ${PAYLOAD_BYTES} B, median of ${ROUNDS} rounds, NATS at ${NATS_URL}`, [
    ...row(RAW_PUBLISH),
    ...row(RAW_PUBLISH_HEADERS, RAW_PUBLISH),
    ...row('jetbox app.publish, pipelined', [RAW_PUBLISH_HEADERS, RAW_PUBLISH]),
    ...row(RAW_CONSUME_BARE),
    ...row(RAW_CONSUME, RAW_CONSUME_BARE),
    ...row('jetbox handler, concurrency 1', [RAW_CONSUME, RAW_CONSUME_BARE]),
    ...row('jetbox handler, concurrency 64', [RAW_CONSUME, RAW_CONSUME_BARE]),
  ]);
}

const RAW_PUBLISH = 'raw js.publish, pipelined';
const RAW_PUBLISH_HEADERS = 'raw js.publish, pipelined, JSON + CloudEvents headers';
const RAW_CONSUME_BARE = 'raw consume + ack, bare 256 B (no headers)';
const RAW_CONSUME = 'raw consume + ack, same messages (CloudEvents headers)';
