import { ConfigError, type ConsumerSpec, type StreamSpec } from '@jetbox/core';
import { uniqueName } from '@jetbox/testing';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type ConsumerInfo } from 'nats';
import { useJetStream } from './testing/jetstream.fixture';

describe('JetStreamTransport.ensureConsumer', () => {
  const nats = useJetStream();
  let stream: StreamSpec;
  let subject: string;

  beforeAll(async () => {
    ({ stream, subject } = await nats.newStream('CPROV'));
  });

  function newSpec(overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
    return { stream: stream.name, durable: uniqueName('dur'), filterSubject: subject, maxDeliver: 5, ackWaitMs: 7_000, maxAckPending: 17, ...overrides };
  }

  const settings = (config: ConsumerConfig) => ({
    durable_name: config.durable_name,
    ack_policy: config.ack_policy,
    deliver_policy: config.deliver_policy,
    filter_subject: config.filter_subject,
    max_deliver: config.max_deliver,
    ack_wait: config.ack_wait,
    backoff: config.backoff,
    max_ack_pending: config.max_ack_pending,
    description: config.description,
  });

  async function rejection(promise: Promise<unknown>): Promise<readonly string[]> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }

  describe('when the consumer does not exist', () => {
    let spec: ConsumerSpec;
    let config: ConsumerConfig;
    beforeAll(async () => {
      spec = newSpec({ description: 'provisioning test' });
      await nats.transport.ensureConsumer(spec);
      config = (await nats.jsm.consumers.info(stream.name, spec.durable)).config;
    });

    it('should create a durable pull consumer with explicit acks and the spec settings', () => {
      expect(settings(config)).toStrictEqual({
        durable_name: spec.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subject,
        max_deliver: 5,
        ack_wait: nanos(7_000),
        backoff: undefined,
        max_ack_pending: 17,
        description: 'provisioning test',
      });
    });
  });

  describe('when the spec has a backoff', () => {
    let config: ConsumerConfig;
    beforeAll(async () => {
      const spec = newSpec({ maxDeliver: 4, backoffMs: [1_000, 5_000, 20_000] });
      await nats.transport.ensureConsumer(spec);
      config = (await nats.jsm.consumers.info(stream.name, spec.durable)).config;
    });

    it('should set the backoff, and the server takes its first value as the ack wait', () => {
      expect([config.backoff, config.ack_wait, config.max_deliver]).toStrictEqual([[nanos(1_000), nanos(5_000), nanos(20_000)], nanos(1_000), 4]);
    });
  });

  describe('when the consumer has delivered and acked, then the spec changes', () => {
    let spec: ConsumerSpec;
    let info: ConsumerInfo;
    beforeAll(async () => {
      spec = newSpec({ backoffMs: [1_000, 2_000] });
      await nats.transport.ensureConsumer(spec);
      const js = nats.nc.jetstream();
      for (const i of [1, 2, 3]) await js.publish(subject, new TextEncoder().encode(`${i}`));
      const consumer = await js.consumers.get(stream.name, spec.durable);
      const first = await consumer.next();
      await first!.ackAck();
      await nats.transport.ensureConsumer({ ...spec, maxDeliver: 9, ackWaitMs: 12_000, maxAckPending: 3, backoffMs: undefined });
      info = await nats.jsm.consumers.info(stream.name, spec.durable);
    });

    it('should update max deliver, ack wait and max ack pending, and drop the backoff', () => {
      expect([info.config.max_deliver, info.config.ack_wait, info.config.max_ack_pending, info.config.backoff]).toStrictEqual([9, nanos(12_000), 3, undefined]);
    });

    it('should keep its position in the stream', () => {
      expect(info.ack_floor.stream_seq).toBe(1);
    });
  });

  describe('when the backoff has as many values as maxDeliver', () => {
    let problems: readonly string[];
    beforeAll(async () => {
      problems = await rejection(nats.transport.ensureConsumer(newSpec({ durable: 'too-many-backoffs', maxDeliver: 2, backoffMs: [100, 200] })));
    });

    it('should reject with a ConfigError that says to raise maxDeliver', () => {
      expect(problems).toStrictEqual([
        `consumer 'too-many-backoffs' on stream '${stream.name}': backoffMs has 2 values but maxDeliver is 2; the server requires maxDeliver > the number of backoff values, so raise maxDeliver or drop values`,
      ]);
    });
  });

  describe('when the stream does not exist', () => {
    let problems: readonly string[];
    beforeAll(async () => {
      problems = await rejection(nats.transport.ensureConsumer(newSpec({ stream: 'NO_SUCH_STREAM_X', durable: 'orphan' })));
    });

    it('should reject with a ConfigError that says to provision the stream first', () => {
      expect(problems).toStrictEqual(["consumer 'orphan' needs stream 'NO_SUCH_STREAM_X', which does not exist: provision the stream (ensureStream) before its consumers"]);
    });
  });

  describe('when the durable exists with another filter subject', () => {
    let problems: readonly string[];
    let spec: ConsumerSpec;
    beforeAll(async () => {
      spec = newSpec();
      await nats.transport.ensureConsumer(spec);
      problems = await rejection(nats.transport.ensureConsumer({ ...spec, filterSubject: `${subject}.renamed` }));
    });

    it('should reject with a ConfigError that says to use another durable name or delete it', () => {
      expect(problems).toStrictEqual([
        `consumer '${spec.durable}' on stream '${stream.name}' exists reading '${subject}' (this handler reads '${subject}.renamed'), which cannot change; use another durable name, ` +
          `or delete it (nats consumer rm ${stream.name} ${spec.durable}), which forgets what it has delivered`,
      ]);
    });
  });

  describe('when the durable exists with another deliver policy', () => {
    let problems: readonly string[];
    beforeAll(async () => {
      const spec = newSpec();
      await nats.jsm.consumers.add(stream.name, { durable_name: spec.durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: subject });
      problems = await rejection(nats.transport.ensureConsumer(spec));
    });

    it('should reject with a ConfigError that says how to replace it', () => {
      expect(problems).toStrictEqual([expect.stringMatching(/exists with deliver_policy 'new' \(Jetbox needs 'all'\), which cannot change; use another durable name, or delete it \(nats consumer rm CPROV_\w+ DUR_\w+\)/)]);
    });
  });
});
