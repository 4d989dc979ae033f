import 'reflect-metadata';
import { Event, Handles, silentLogger } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { JetboxTestHarness, NATS_URL, requireNats, uniqueSubjectToken, waitFor } from '@jetbox/testing';
import { Container, injectable } from 'inversify';
import { connect, type NatsConnection } from 'nats';

const prefix = uniqueSubjectToken('scale');

@Event(`${prefix}.job.requested.v1`)
class JobRequested {
  constructor(readonly n: number) {}
}

/** Counts how many calls run at once across both instances; each call waits until 4 have started. */
const shared = { running: 0, maxRunning: 0, byInstance: new Map<string, number>() };
let release: () => void = () => undefined;
const allStarted = new Promise<void>((resolve) => (release = resolve));

function workerFor(instance: string) {
  @injectable()
  class Worker {
    @Handles(JobRequested, { durable: 'scale-worker', concurrency: 2 })
    async on(): Promise<void> {
      shared.running++;
      shared.maxRunning = Math.max(shared.maxRunning, shared.running);
      shared.byInstance.set(instance, (shared.byInstance.get(instance) ?? 0) + 1);
      if (shared.running === 4) release();
      await allStarted;
      shared.running--;
    }
  }
  return Worker;
}

describe('two app instances sharing a durable consumer', () => {
  const streams = [{ name: prefix.toUpperCase(), subjects: [`${prefix}.>`] }];
  const deadLetter = { stream: `${prefix.toUpperCase()}_DLQ`, subjectPrefix: `${prefix}-dlq` };
  const harnesses: JetboxTestHarness[] = [];
  let nc: NatsConnection;

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    for (const instance of ['a', 'b']) {
      const Worker = workerFor(instance);
      const container = new Container();
      container.bind(Worker).toSelf().inSingletonScope();
      harnesses.push(
        await JetboxTestHarness.start({
          name: `scale-${instance}`,
          container,
          services: [Worker],
          transport: nats({ servers: NATS_URL }),
          streams,
          deadLetter,
          logger: silentLogger,
        }),
      );
    }
    for (let n = 0; n < 8; n++) await harnesses[0]!.publish(new JobRequested(n));
    await waitFor(() => harnesses.reduce((sum, h) => sum + h.handled.length, 0) === 8, { description: '8 jobs handled across both instances' });
  });

  afterAll(async () => {
    for (const h of harnesses) await h.stop();
    const jsm = await nc.jetstreamManager();
    for (const s of [streams[0]!.name, deadLetter.stream]) await jsm.streams.delete(s);
    await nc.close();
  });

  it('should run both instances at their full concurrency at once', () => {
    expect(shared.maxRunning).toBe(4);
  });

  it('should share the messages between the instances', () => {
    expect([shared.byInstance.get('a')! > 0, shared.byInstance.get('b')! > 0]).toStrictEqual([true, true]);
  });

  it('should handle each message once', () => {
    expect(harnesses.flatMap((h) => h.handled.map((o) => o.messageId)).sort()).toStrictEqual(
      [...new Set(harnesses.flatMap((h) => h.handled.map((o) => o.messageId)))].sort(),
    );
  });
});
