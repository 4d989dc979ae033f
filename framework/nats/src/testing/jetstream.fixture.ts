import type { StreamSpec } from '@jetbox/core';
import { NATS_URL, requireNats, uniqueName } from '@jetbox/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { JetStreamTransport } from '../jetstream.transport';
import type { NatsTransportOptions } from '../nats.options';

/** What {@link useJetStream} gives a test file; read its fields inside tests and hooks, not at collection. */
export interface JetStreamFixture {
  /** A connected transport on the shared server. */
  readonly transport: JetStreamTransport;
  /** A plain client connection, to look at what the transport did. */
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  /** A new memory stream `<prefix>_<unique>` on `<name lower-cased>.>`, created through the transport and deleted after the file. */
  newStream(prefix: string): Promise<{ stream: StreamSpec; subject: string }>;
  /** A unique stream name to be deleted after the file, for a test that creates the stream itself. */
  streamName(prefix: string): string;
}

/**
 * Registers `beforeAll`/`afterAll` for a test file against the shared NATS: fails (never skips) when
 * it is not reachable; connects a transport with `options` and a plain connection; deletes every
 * stream named through the fixture and closes both connections at the end.
 */
export function useJetStream(options: Omit<NatsTransportOptions, 'servers'> = {}): JetStreamFixture {
  let transport: JetStreamTransport | undefined;
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager | undefined;
  const streams: string[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useJetStream: read the fixture inside a test or hook, after its beforeAll');
    return value;
  };
  const streamName = (prefix: string) => {
    const name = uniqueName(prefix);
    streams.push(name);
    return name;
  };

  beforeAll(async () => {
    await requireNats();
    transport = new JetStreamTransport({ ...options, servers: NATS_URL });
    await transport.connect();
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
  });

  afterAll(async () => {
    for (const name of streams) await jsm?.streams.delete(name).catch(() => undefined);
    await nc?.close();
    await transport?.close();
  });

  return {
    get transport() {
      return ready(transport);
    },
    get nc() {
      return ready(nc);
    },
    get jsm() {
      return ready(jsm);
    },
    streamName,
    async newStream(prefix) {
      const name = streamName(prefix);
      const stream: StreamSpec = { name, subjects: [`${name.toLowerCase()}.>`], storage: 'memory' };
      await ready(transport).ensureStream(stream);
      return { stream, subject: `${name.toLowerCase()}.event.v1` };
    },
  };
}
