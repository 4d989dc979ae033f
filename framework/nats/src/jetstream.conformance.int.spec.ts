import type { StreamSpec, Transport } from '@jetbox/core';
import { describeTransportConformance, NATS_URL, requireNats } from '@jetbox/testing';
import { connect } from 'nats';
import { JetStreamTransport } from './jetstream.transport';

const streams = new Set<string>();

/** A transport on the shared server that remembers the streams it provisioned, so they can be deleted. */
async function connectedFactory(): Promise<Transport> {
  await requireNats();
  const transport = new JetStreamTransport({ servers: NATS_URL });
  const ensureStream = transport.ensureStream.bind(transport);
  transport.ensureStream = async (spec: StreamSpec) => {
    streams.add(spec.name);
    await ensureStream(spec);
  };
  return transport;
}

async function deleteStreams(): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    for (const name of streams) await jsm.streams.delete(name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

describeTransportConformance('NATS JetStream', connectedFactory, { cleanup: deleteStreams });
