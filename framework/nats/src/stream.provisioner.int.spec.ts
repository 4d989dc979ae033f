import { ConfigError, type StreamSpec } from '@jetbox/core';
import { nanos, type StreamConfig } from 'nats';
import { useJetStream } from './testing/jetstream.fixture';

describe('JetStreamTransport.ensureStream', () => {
  const nats = useJetStream();

  function newSpec(overrides: Partial<StreamSpec> = {}): StreamSpec {
    const name = nats.streamName('PROV');
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
      await nats.transport.ensureStream(spec);
      config = (await nats.jsm.streams.info(spec.name)).config;
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
      await nats.transport.ensureStream(spec);
      config = (await nats.jsm.streams.info(spec.name)).config;
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
      await nats.transport.ensureStream(spec);
      const js = nats.nc.jetstream();
      const prefix = spec.name.toLowerCase();
      for (const i of [1, 2, 3]) await js.publish(`${prefix}.event.v1`, new TextEncoder().encode(`${i}`));
      await nats.transport.ensureStream({ ...spec, maxAgeMs: 3_600_000, subjects: [`${prefix}.>`, `${prefix}-extra.>`] });
      const info = await nats.jsm.streams.info(spec.name);
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
      await nats.transport.ensureStream(spec);
      problems = await rejection(nats.transport.ensureStream({ ...spec, storage: 'file' }));
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
      await nats.transport.ensureStream(first);
      problems = await rejection(nats.transport.ensureStream(newSpec({ subjects: [`${first.name.toLowerCase()}.orders.>`] })));
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
      await nats.transport.ensureStream(first);
      await nats.transport.ensureStream(second);
      problems = await rejection(nats.transport.ensureStream({ ...second, subjects: [...second.subjects, `${first.name.toLowerCase()}.*`] }));
    });

    it('should reject with a ConfigError saying it cannot be updated', () => {
      expect(problems).toStrictEqual([expect.stringMatching(new RegExp(`^stream 'PROV_\\w+' cannot be updated: its subjects .* overlap those of stream '${first.name}'`))]);
    });
  });

  describe('when the spec is invalid', () => {
    let problems: readonly string[];
    beforeAll(async () => {
      problems = await rejection(nats.transport.ensureStream({ name: 'bad name', subjects: [], maxAgeMs: 1_000, duplicateWindowMs: 5_000 }));
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
