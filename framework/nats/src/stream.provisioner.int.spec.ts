import { ConfigError, type StreamSpec } from '@jetbox/core';
import { NATS_URL, requireNats, uniqueName } from '@jetbox/testing';
import { connect, nanos, type JetStreamManager, type NatsConnection, type StreamConfig } from 'nats';
import { JetStreamTransport } from './jetstream.transport';

describe('JetStreamTransport.ensureStream', () => {
  let transport: JetStreamTransport;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const created: string[] = [];

  beforeAll(async () => {
    await requireNats();
    transport = new JetStreamTransport({ servers: NATS_URL });
    await transport.connect();
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
  });

  afterAll(async () => {
    for (const name of created) await jsm?.streams.delete(name).catch(() => undefined);
    await nc?.close();
    await transport?.close();
  });

  function newSpec(overrides: Partial<StreamSpec> = {}): StreamSpec {
    const name = uniqueName('PROV');
    created.push(name);
    return { name, subjects: [`${name.toLowerCase()}.>`], storage: 'memory', ...overrides };
  }

  const settings = (config: StreamConfig) => ({
    subjects: config.subjects,
    storage: config.storage,
    max_age: config.max_age,
    max_bytes: config.max_bytes,
    max_msgs: config.max_msgs,
    num_replicas: config.num_replicas,
    duplicate_window: config.duplicate_window,
    description: config.description,
  });

  async function rejection(promise: Promise<unknown>): Promise<readonly string[]> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }

  describe('when the stream does not exist', () => {
    let spec: StreamSpec;
    let config: StreamConfig;
    beforeAll(async () => {
      spec = newSpec({ maxAgeMs: 60_000, duplicateWindowMs: 30_000, maxMsgs: 1_000, maxBytes: 1_000_000, description: 'provisioning test' });
      await transport.ensureStream(spec);
      config = (await jsm.streams.info(spec.name)).config;
    });

    it('should create it with the spec settings', () => {
      expect(settings(config)).toStrictEqual({
        subjects: spec.subjects,
        storage: 'memory',
        max_age: nanos(60_000),
        max_bytes: 1_000_000,
        max_msgs: 1_000,
        num_replicas: 1,
        duplicate_window: nanos(30_000),
        description: 'provisioning test',
      });
    });
  });

  describe('when the spec leaves limits out', () => {
    let config: StreamConfig;
    beforeAll(async () => {
      const spec = newSpec();
      await transport.ensureStream(spec);
      config = (await jsm.streams.info(spec.name)).config;
    });

    it('should make them unlimited, with a two-minute duplicate window', () => {
      expect([config.max_age, config.max_bytes, config.max_msgs, config.duplicate_window]).toStrictEqual([0, -1, -1, nanos(120_000)]);
    });
  });

  describe('when the stream exists with messages and the spec changes max age and subjects', () => {
    let spec: StreamSpec;
    let config: StreamConfig;
    let messages: number;
    beforeAll(async () => {
      spec = newSpec({ maxAgeMs: 60_000 });
      await transport.ensureStream(spec);
      const js = nc.jetstream();
      const prefix = spec.name.toLowerCase();
      for (const i of [1, 2, 3]) await js.publish(`${prefix}.event.v1`, new TextEncoder().encode(`${i}`));
      await transport.ensureStream({ ...spec, maxAgeMs: 3_600_000, subjects: [`${prefix}.>`, `${prefix}-extra.>`] });
      const info = await jsm.streams.info(spec.name);
      config = info.config;
      messages = info.state.messages;
    });

    it('should update the max age', () => {
      expect(config.max_age).toBe(nanos(3_600_000));
    });

    it('should set the subjects to exactly the spec', () => {
      expect(config.subjects).toStrictEqual([`${spec.name.toLowerCase()}.>`, `${spec.name.toLowerCase()}-extra.>`]);
    });

    it('should keep the stored messages', () => {
      expect(messages).toBe(3);
    });
  });

  describe('when the spec asks for another storage type', () => {
    let problems: readonly string[];
    beforeAll(async () => {
      const spec = newSpec({ storage: 'memory' });
      await transport.ensureStream(spec);
      problems = await rejection(transport.ensureStream({ ...spec, storage: 'file' }));
    });

    it('should reject with a ConfigError naming the stream, the difference and the fix', () => {
      expect(problems).toStrictEqual([expect.stringMatching(/^stream 'PROV_\w+' exists with storage 'memory' but the spec asks for 'file': the storage type of a stream cannot change; set storage: 'memory'/)]);
    });
  });

  describe('when a new stream would capture subjects of another stream', () => {
    let first: StreamSpec;
    let problems: readonly string[];
    beforeAll(async () => {
      first = newSpec();
      await transport.ensureStream(first);
      problems = await rejection(transport.ensureStream(newSpec({ subjects: [`${first.name.toLowerCase()}.orders.>`] })));
    });

    it('should reject with a ConfigError naming the other stream', () => {
      expect(problems).toStrictEqual([expect.stringContaining(`overlap those of stream '${first.name}'; a subject belongs to one stream only`)]);
    });
  });

  describe('when an update would make a stream capture subjects of another stream', () => {
    let first: StreamSpec;
    let problems: readonly string[];
    beforeAll(async () => {
      first = newSpec();
      const second = newSpec();
      await transport.ensureStream(first);
      await transport.ensureStream(second);
      problems = await rejection(transport.ensureStream({ ...second, subjects: [...second.subjects, `${first.name.toLowerCase()}.*`] }));
    });

    it('should reject with a ConfigError saying it cannot be updated', () => {
      expect(problems).toStrictEqual([expect.stringMatching(new RegExp(`^stream 'PROV_\\w+' cannot be updated: its subjects .* overlap those of stream '${first.name}'`))]);
    });
  });

  describe('when the spec is invalid', () => {
    let problems: readonly string[];
    beforeAll(async () => {
      problems = await rejection(transport.ensureStream({ name: 'bad name', subjects: [], maxAgeMs: 1_000, duplicateWindowMs: 5_000 }));
    });

    it('should list every problem before asking the server', () => {
      expect(problems).toStrictEqual([
        "stream 'bad name': a stream name may hold only letters, digits, '_' and '-' (e.g. BANKING)",
        "stream 'bad name' has no subjects: give it at least one, e.g. 'bad name.>'",
        "stream 'bad name': duplicateWindowMs (5000) is longer than maxAgeMs (1000); the server refuses that, so shorten the window or keep messages longer",
      ]);
    });
  });
});
