import { delay, type ConsumerSpec } from '@jetbox/core';
import { startNatsServer, waitFor, type LocalNatsServer } from '@jetbox/testing';
import { connect, type ConsumerInfo } from 'nats';
import { JetStreamTransport } from './jetstream.transport';

const TOTAL = 200;
const KILL_AFTER = 60;

describe('JetStreamTransport when its server crashes and restarts mid-run', () => {
  let server: LocalNatsServer;
  let transport: JetStreamTransport;
  const acked = new Set<number>();
  let ackedBeforeKill = 0;
  let healthyWhileDown: boolean | undefined;
  let consumer: ConsumerInfo;

  beforeAll(async () => {
    server = await startNatsServer();
    transport = new JetStreamTransport({ servers: server.url, reconnect: { waitMs: 100, jitterMs: 50 }, pullBatch: 16 });
    await transport.connect();
    await transport.ensureStream({ name: 'RESTART', subjects: ['restart.>'], storage: 'file' });
    const spec: ConsumerSpec = { stream: 'RESTART', durable: 'survivor', filterSubject: 'restart.event.v1', maxDeliver: 100, ackWaitMs: 3_000, maxAckPending: 50 };
    await transport.ensureConsumer(spec);
    await Promise.all(
      Array.from({ length: TOTAL }, (_, i) => transport.publish({ subject: 'restart.event.v1', msgId: `m-${i}`, headers: {}, data: new TextEncoder().encode(`${i}`) })),
    );

    let crash: Promise<void> | undefined;
    const subscription = transport.subscribe(spec);
    const reading = (async () => {
      for await (const delivery of subscription) {
        await delay(2);
        await delivery.ack();
        acked.add(delivery.streamSequence);
        if (acked.size === KILL_AFTER && !crash) {
          ackedBeforeKill = acked.size;
          crash = (async () => {
            await server.kill();
            await waitFor(() => !transport.isHealthy(), { timeoutMs: 5_000, description: 'the client to notice the crash' });
            healthyWhileDown = transport.isHealthy();
            await server.restart();
          })();
        }
      }
    })();

    await waitFor(() => acked.size === TOTAL, { timeoutMs: 60_000, description: `all ${TOTAL} messages acked (acked ${acked.size})` });
    await crash;
    const admin = await connect({ servers: server.url });
    const jsm = await admin.jetstreamManager();
    consumer = await waitFor(
      async () => {
        const info = await jsm.consumers.info('RESTART', 'survivor');
        return info.num_ack_pending === 0 && info.num_pending === 0 ? info : undefined;
      },
      { timeoutMs: 20_000, description: 'the server to record every ack' },
    );
    await admin.close();
    await subscription.stop();
    await reading;
  }, 120_000);

  afterAll(async () => {
    await transport?.close();
    await server?.stop();
  });

  it('should have crashed the server in the middle of the run', () => {
    expect([ackedBeforeKill, healthyWhileDown]).toStrictEqual([KILL_AFTER, false]);
  });

  it('should ack every message, by stream sequence', () => {
    expect([...acked].sort((a, b) => a - b)).toStrictEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
  });

  it('should leave the server with every message acknowledged', () => {
    expect(consumer.ack_floor.stream_seq).toBe(TOTAL);
  });
});
