import { delay } from '@jetbox/core';
import { NATS_URL, requireNats, uniqueName, waitFor } from '@jetbox/testing';
import { AckPolicy, connect, StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import { AckBatcher } from './ack.batcher';
import { PullSession } from './pull.session';

describe('PullSession with the installed nats client', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let session: PullSession;
  let pendingBeforeTake: number;
  let firstTake: unknown;
  let taken: number[];

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
    stream = uniqueName('SESSION');
    const subject = `${stream.toLowerCase()}.event.v1`;
    await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.Memory });
    await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });
    const js = nc.jetstream();
    for (let i = 1; i <= 5; i++) await js.publish(subject, new TextEncoder().encode(`${i}`));

    const batcher = new AckBatcher();
    session = await PullSession.open(js, stream, 'reader', 10, (action, onError) => batcher.defer(action, onError));
    await delay(300);
    pendingBeforeTake = (await jsm.consumers.info(stream, 'reader')).num_ack_pending;
    // Only the first take sends the pull the client queued; a session reading the client's iterator
    // instead would pull on wait(), which is not called until the messages are there.
    firstTake = session.take();
    await waitFor(async () => (await jsm.consumers.info(stream, 'reader')).num_ack_pending === 5, { timeoutMs: 5_000, description: 'the first pull' });
    taken = [];
    while (taken.length < 5) {
      const msg = session.take();
      if (msg) {
        taken.push(msg.seq);
        msg.ack();
      } else {
        await session.wait();
      }
    }
    await waitFor(async () => (await jsm.consumers.info(stream, 'reader')).num_ack_pending === 0, { description: 'the acks' });
  });

  afterAll(async () => {
    session?.close();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  it('should pull nothing before the first take', () => {
    expect(pendingBeforeTake).toBe(0);
  });

  it('should send the first pull on the first take (it took over the client queue)', () => {
    expect(firstTake).toBeUndefined();
  });

  it('should hand out the messages in order', () => {
    expect(taken).toStrictEqual([1, 2, 3, 4, 5]);
  });

  describe('when closed', () => {
    it('should end once what the client queued is taken', async () => {
      session.close();
      while (!session.ended) {
        session.take();
        await session.wait();
      }
      expect(session.failure).toBeUndefined();
    });
  });
});
