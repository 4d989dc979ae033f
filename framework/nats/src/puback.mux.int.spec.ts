import { NATS_URL, requireNats, uniqueName } from '@jetbox/testing';
import { connect, ErrorCode, headers as natsHeaders, StorageType, type JetStreamManager, type NatsConnection, type NatsError } from 'nats';
import { toNatsHeaders } from './headers.codec';
import { PubAckMux, type PubAck } from './puback.mux';

describe('PubAckMux against NATS JetStream', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let mux: PubAckMux;
  let stream: string;
  let subject: string;
  const data = new TextEncoder().encode('{}');

  beforeAll(async () => {
    await requireNats();
    nc = await connect({ servers: NATS_URL, noAsyncTraces: true });
    jsm = await nc.jetstreamManager();
    stream = uniqueName('MUX');
    subject = `${stream.toLowerCase()}.thing.v1`;
    await jsm.streams.add({ name: stream, subjects: [`${stream.toLowerCase()}.>`], storage: StorageType.Memory });
    mux = new PubAckMux(nc, 300);
  });

  afterAll(async () => {
    mux?.close();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: NatsError) => error);

  describe('when messages are stored', () => {
    let acks: PubAck[];
    beforeAll(async () => {
      acks = await Promise.all([
        mux.publish(subject, data, toNatsHeaders({}, 'm-1')),
        mux.publish(subject, data, toNatsHeaders({}, 'm-2')),
        mux.publish(subject, data, toNatsHeaders({}, 'm-1')),
      ]);
    });

    it('should resolve each publish with its own PubAck, a repeated id as a duplicate of the first', () =>
      expect(acks).toStrictEqual([
        { stream, seq: 1, duplicate: false },
        { stream, seq: 2, duplicate: false },
        { stream, seq: 1, duplicate: true },
      ]));
  });

  describe('when no stream captures the subject', () => {
    it('should reject with NO_RESPONDERS', async () =>
      expect((await failure(mux.publish(`${uniqueName('nostream').toLowerCase()}.x`, data, toNatsHeaders({}, 'm-3'))))?.code).toBe(ErrorCode.NoResponders));
  });

  describe('when the stream refuses the message', () => {
    let error: NatsError | undefined;
    beforeAll(async () => {
      const headers = natsHeaders();
      headers.set('Nats-Expected-Stream', 'SOME_OTHER_STREAM');
      error = await failure(mux.publish(subject, data, headers));
    });

    it('should reject with the server’s description and error code', () =>
      expect({ description: error?.api_error?.description, errCode: error?.api_error?.err_code }).toStrictEqual({ description: 'expected stream does not match', errCode: 10060 }));
  });

  describe('when nothing answers within the timeout', () => {
    let errors: Array<NatsError | undefined>;
    let elapsed: number;
    beforeAll(async () => {
      // A plain subscriber is a responder that never replies: no 503, no PubAck.
      const silent = `${uniqueName('silent').toLowerCase()}.x`;
      const sub = nc.subscribe(silent);
      const started = Date.now();
      const first = failure(mux.publish(silent, data, toNatsHeaders({}, 'm-4')));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = failure(mux.publish(silent, data, toNatsHeaders({}, 'm-5')));
      errors = [await first, await second];
      elapsed = Date.now() - started;
      sub.unsubscribe();
    });

    it('should reject each with TIMEOUT', () => expect(errors.map((e) => e?.code)).toStrictEqual([ErrorCode.Timeout, ErrorCode.Timeout]));
    it('should time out the later one after its own deadline, not the first one’s', () => expect(elapsed).toBeGreaterThanOrEqual(400));
  });

  describe('when it is closed with a publish waiting', () => {
    let error: NatsError | undefined;
    beforeAll(async () => {
      const other = new PubAckMux(nc, 60_000);
      const silent = `${uniqueName('silent').toLowerCase()}.x`;
      const sub = nc.subscribe(silent);
      const waiting = failure(other.publish(silent, data, toNatsHeaders({}, 'm-6')));
      other.close();
      error = await waiting;
      sub.unsubscribe();
    });

    it('should reject it with CONNECTION_CLOSED', () => expect(error?.code).toBe(ErrorCode.ConnectionClosed));
  });
});
