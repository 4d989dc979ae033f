import 'reflect-metadata';
import { Event, Handles, silentLogger } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { JetboxTestHarness, startNatsServer, waitFor, type LocalNatsServer } from '@jetbox/testing';
import { Container, injectable } from 'inversify';
import { connect, headers, JSONCodec } from 'nats';

@Event('restart.work.requested.v1')
class WorkRequested {
  constructor(readonly n: number) {}
}

/** Handles the first 100 at once; the rest wait until the test has killed the server. */
@injectable()
class Worker {
  readonly seen = new Set<number>();
  private openGate: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.openGate = resolve));

  @Handles(WorkRequested, { durable: 'restart-worker', concurrency: 8, timeoutMs: 2_000, retry: { maxDeliver: 20, initialDelayMs: 100, maxDelayMs: 1_000 } })
  async on(work: WorkRequested): Promise<void> {
    if (work.n >= 100) await this.gate;
    this.seen.add(work.n);
  }

  release(): void {
    this.openGate();
  }
}

const TOTAL = 400;

describe('a consumer when nats-server restarts mid-run', () => {
  let server: LocalNatsServer;
  let harness: JetboxTestHarness;
  let worker: Worker;
  let handledBeforeKill = 0;
  let serverWasDown = false;

  beforeAll(async () => {
    server = await startNatsServer();
    const container = new Container();
    container.bind(Worker).toSelf().inSingletonScope();
    harness = await JetboxTestHarness.start({
      container,
      services: [Worker],
      transport: nats({ servers: server.url, name: 'restart-test' }),
      streams: [{ name: 'RESTART', subjects: ['restart.>'] }],
      logger: silentLogger,
    });
    worker = container.get(Worker);
    // Publish with a plain client so the publisher's own reconnects are not under test here.
    const nc = await connect({ servers: server.url });
    const js = nc.jetstream();
    const codec = JSONCodec();
    for (let n = 0; n < TOTAL; n++) {
      const h = headers();
      h.set('ce-id', `work-${n}`);
      h.set('ce-type', 'restart.work.requested.v1');
      await js.publish('restart.work.requested.v1', codec.encode({ n }), { msgID: `work-${n}`, headers: h });
    }
    await nc.close();

    await waitFor(() => worker.seen.size >= 100, { description: '100 handled before the kill' });
    await server.kill();
    serverWasDown = !server.isRunning() && (await connect({ servers: server.url, timeout: 500, reconnect: false }).then((c) => c.close().then(() => false), () => true));
    handledBeforeKill = worker.seen.size;
    worker.release();
    await server.restart();
    await waitFor(() => worker.seen.size === TOTAL, { timeoutMs: 45_000, description: `all ${TOTAL} handled after the restart` });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop({ timeoutMs: 2_000 });
    await server?.stop();
  });

  it('should really have stopped the server mid-run', () => {
    expect([serverWasDown, handledBeforeKill < TOTAL]).toStrictEqual([true, true]);
  });

  it('should handle every message after the server returns', () => {
    expect(worker.seen.size).toBe(TOTAL);
  });
});
