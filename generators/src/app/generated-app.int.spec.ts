import 'reflect-metadata';
import { Event, Jetbox, silentLogger } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { NATS_URL, requireNats, uniqueName, waitFor } from '@jetbox/testing';
import { Container } from 'inversify';
import { connect, type Msg, type NatsConnection } from 'nats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../testing/mariadb';
import { clearStreamsOf } from '../testing/nats-streams';
import { childEnv, run, start, within, withoutColours, type RunningProcess } from '../testing/processes';
import { copyThisWorkspace, type WorkspaceCopy } from '../testing/workspace-copy';

/** The message the served app handles, as another Jetbox service declares it. */
@Event('payments.payment.captured.v1')
class PaymentCaptured {
  constructor(readonly paymentId: string) {}
}

const STREAM_PREFIX = 'PAYMENTS_GENERATED_IT';
const MINUTE = 60_000;

/**
 * The acceptance path of the generators in this repository: in a copy of the workspace, generate the
 * payments app, two events and an idempotent handler that publishes, then run the app's own test,
 * typecheck and lint targets, and serve it against the real NATS and MariaDB.
 */
describe('a payments app generated in a copy of this workspace', () => {
  let workspace: WorkspaceCopy;
  const nx = (...args: string[]) => run(join(workspace.root, 'node_modules/.bin/nx'), args, { cwd: workspace.root, timeoutMs: 5 * MINUTE });

  beforeAll(async () => {
    workspace = copyThisWorkspace();
    await run(join(workspace.root, 'node_modules/.bin/tsc'), ['-b', 'generators/tsconfig.json'], { cwd: workspace.root, timeoutMs: 2 * MINUTE });
    await nx('g', '@jetbox/generators:app', 'payments', '--no-interactive');
    await nx('g', '@jetbox/generators:event', 'payment-captured', '--project=payments', '--no-interactive');
    await nx('g', '@jetbox/generators:event', 'payment-recorded', '--project=payments', '--no-interactive');
    await nx('g', '@jetbox/generators:handler', 'capture-recorder', '--project=payments', '--event=payment-captured', '--idempotent', '--publishes=payment-recorded', '--no-interactive');
    await nx('g', '@jetbox/generators:event', 'payment-refunded', '--project=payments', '--version=2', '--no-interactive');
  }, 5 * MINUTE);

  it('should take --version from the command line, although Nx has a --version flag of its own', () => {
    expect(readFileSync(join(workspace.root, 'apps/payments/src/events/payment-refunded.v2.event.ts'), 'utf8')).toContain("@Event('payments.payment.refunded.v2'");
  });

  afterAll(() => workspace?.remove());

  it('should pass its tests (nx test payments)', async () => {
    expect(withoutColours((await nx('test', 'payments', '--outputStyle=static')).output)).toMatch(/Tests:\s+6 passed, 6 total/);
  }, 5 * MINUTE);

  it('should typecheck (nx typecheck payments)', async () => {
    expect(withoutColours((await nx('typecheck', 'payments', '--outputStyle=static')).output)).toContain('Successfully ran target typecheck for project payments');
  }, 5 * MINUTE);

  it('should lint (nx lint payments)', async () => {
    expect(withoutColours((await nx('lint', 'payments', '--outputStyle=static')).output)).toContain('Successfully ran target lint for project payments');
  }, 5 * MINUTE);

  describe('when served (nx serve payments) against NATS and MariaDB', () => {
    const streamName = uniqueName(STREAM_PREFIX);
    const paymentId = `payment-${streamName.toLowerCase()}`;
    let database: TestDatabase;
    let connection: NatsConnection;
    let served: RunningProcess;
    let publisher: Jetbox;
    let recorded: Msg;
    let inbox: unknown;
    let stopLines: string[];

    beforeAll(async () => {
      await requireNats();
      connection = await connect({ servers: NATS_URL });
      await clearStreamsOf(await connection.jetstreamManager(), 'payments.>', STREAM_PREFIX);
      database = await createTestDatabase(`jetbox_generated_${streamName.toLowerCase()}`);
      const recordings = connection.subscribe('payments.payment.recorded.v1', { max: 1 });
      const firstRecording = (async () => {
        for await (const message of recordings) return message;
        throw new Error('the subscription to payments.payment.recorded.v1 closed');
      })();

      served = start(join(workspace.root, 'node_modules/.bin/nx'), ['serve', 'payments', '--outputStyle=stream'], {
        cwd: workspace.root,
        env: childEnv({ NATS_URL, DATABASE_URL: database.url, PAYMENTS_STREAM: streamName }),
      });
      const jsm = await connection.jetstreamManager();
      await waitFor(() => jsm.consumers.info(streamName, 'payments-capture-recorder').then(() => true), {
        timeoutMs: 3 * MINUTE,
        intervalMs: 250,
        description: `the served app's consumer payments-capture-recorder on ${streamName}; nx serve printed:\n${served.output()}`,
      });

      publisher = await Jetbox.create({
        name: 'payments-generated-it',
        container: new Container(),
        transport: nats({ servers: NATS_URL }),
        streams: [{ name: streamName, subjects: ['payments.>'], maxAgeMs: 7 * 24 * 60 * 60 * 1000 }],
        consume: false,
        logger: silentLogger,
      });
      await publisher.start();
      await publisher.publish(new PaymentCaptured(paymentId));
      recorded = await within(firstRecording, MINUTE, () => `payments.payment.recorded.v1 from the served app; nx serve printed:\n${served.output()}`);
      inbox = await waitFor(async () => {
        const [rows] = await database.admin.query(`SELECT consumer FROM \`${database.name}\`.jetbox_inbox`);
        return (rows as unknown[]).length > 0 ? rows : undefined;
      }, { description: 'a row in the inbox' });

      process.kill(served.child.pid!, 'SIGTERM');
      await within(served.exited, MINUTE, () => `nx serve to exit after SIGTERM; it printed:\n${served.output()}`);
      stopLines = served
        .output()
        .split('\n')
        .map((line) => /"msg":"(payments stop[^"]*)"/.exec(line)?.[1])
        .filter((message): message is string => message !== undefined);
    }, 6 * MINUTE);

    afterAll(async () => {
      served?.kill();
      await publisher?.stop();
      await connection?.jetstreamManager().then((jsm) => jsm.streams.delete(streamName)).catch(() => false);
      await connection?.close();
      await database?.drop();
    });

    it('should handle a published payments.payment.captured.v1 and publish payments.payment.recorded.v1 for it', () => {
      expect(recorded.json()).toStrictEqual({ paymentId });
    });

    it('should have handled it through its inbox in MariaDB', () => {
      expect(inbox).toStrictEqual([{ consumer: 'payments-capture-recorder' }]);
    });

    it('should drain and stop on SIGTERM', () => {
      expect(stopLines).toStrictEqual(['payments stopping', 'payments stopped']);
    });
  });
});
