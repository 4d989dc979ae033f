import { ConfigError, JetboxError } from '../../errors';
import type { ConsumerSpec, OutgoingMessage, Subscription } from '../../ports';
import { MemoryTransport, memoryTransport } from './memory.transport';

const ORDERS = { name: 'ORDERS', subjects: ['orders.>'] };
const WORKER: ConsumerSpec = {
  stream: 'ORDERS',
  durable: 'worker',
  filterSubject: 'orders.placed.v1',
  maxDeliver: 3,
  ackWaitMs: 10_000,
  maxAckPending: 10,
};
const placed = (msgId: string, data: Uint8Array = new Uint8Array([1, 2, 3])): OutgoingMessage => ({
  subject: 'orders.placed.v1',
  msgId,
  headers: { 'ce-id': msgId },
  data,
});

const failureOf = async (
  act: () => unknown,
): Promise<{ name: string; code?: string; message: string } | undefined> => {
  try {
    await act();
    return undefined;
  } catch (error) {
    return JetboxError.is(error)
      ? { name: error.name, code: error.code, message: error.message }
      : { name: 'unexpected', message: String(error) };
  }
};

async function connected(
  options?: ConstructorParameters<typeof MemoryTransport>[0],
): Promise<MemoryTransport> {
  const transport = memoryTransport(options);
  await transport.connect();
  await transport.ensureStream(ORDERS);
  await transport.ensureConsumer(WORKER);
  return transport;
}

describe('MemoryTransport', () => {
  describe('when created', () => {
    const transport = new MemoryTransport();

    it('should name itself for logs', () => {
      expect([transport.kind, transport.describe()]).toStrictEqual([
        'memory',
        'in-memory transport (this process only)',
      ]);
    });

    it('should not be healthy before connect()', () => {
      expect(transport.isHealthy()).toBe(false);
    });
  });

  describe('when maxPayload is not a positive whole number', () => {
    it('should throw a ConfigError saying what to change', () => {
      expect(() => memoryTransport({ maxPayload: 0 })).toThrow(
        new ConfigError(['memory transport maxPayload is 0: use a whole number of bytes above 0']),
      );
    });
  });

  describe('when used before connect()', () => {
    it('should reject with NOT_STARTED', async () => {
      expect(await failureOf(() => new MemoryTransport().ensureStream(ORDERS))).toStrictEqual({
        name: 'JetboxError',
        code: 'NOT_STARTED',
        message: 'cannot declare a stream: the memory transport is not connected; call connect() first',
      });
    });
  });

  describe('when a message is published', () => {
    let transport: MemoryTransport;
    let buffer: Uint8Array;
    let delivered: { headers: Readonly<Record<string, string>>; data: number[] };
    beforeAll(async () => {
      transport = await connected();
      buffer = new Uint8Array([1, 2, 3]);
      await transport.publish(placed('m1', buffer));
      buffer[0] = 9;
      const next = await transport.subscribe(WORKER)[Symbol.asyncIterator]().next();
      delivered = next.done
        ? { headers: {}, data: [] }
        : { headers: next.value.headers, data: Array.from(next.value.data) };
    });
    afterAll(() => transport.close());

    it('should keep a copy of the data, unaffected by later changes to the buffer', () => {
      expect(delivered.data).toStrictEqual([1, 2, 3]);
    });

    it('should add the message id as the Nats-Msg-Id header, as on the wire', () => {
      expect(delivered.headers).toStrictEqual({ 'ce-id': 'm1', 'Nats-Msg-Id': 'm1' });
    });
  });

  describe('when no stream captures the subject', () => {
    let transport: MemoryTransport;
    beforeAll(async () => {
      transport = await connected();
    });
    afterAll(() => transport.close());

    it('should reject with PUBLISH_FAILED, saying what to declare', async () => {
      expect(
        await failureOf(() => transport.publish({ ...placed('m1'), subject: 'payments.made.v1' })),
      ).toStrictEqual({
        name: 'JetboxError',
        code: 'PUBLISH_FAILED',
        message:
          "cannot publish 'payments.made.v1': no stream captures this subject; declare a stream whose subjects include it",
      });
    });
  });

  describe('when the subject holds a wildcard', () => {
    let transport: MemoryTransport;
    beforeAll(async () => {
      transport = await connected();
    });
    afterAll(() => transport.close());

    it('should reject with PUBLISH_FAILED', async () => {
      expect(
        await failureOf(() => transport.publish({ ...placed('m1'), subject: 'orders.*' })),
      ).toStrictEqual({
        name: 'JetboxError',
        code: 'PUBLISH_FAILED',
        message:
          "cannot publish 'orders.*': not a valid subject; a concrete subject cannot contain the wildcards * or >",
      });
    });
  });

  describe('when headers and data together exceed maxPayload', () => {
    // 'NATS/1.0\r\n' + 'ce-id: m1\r\n' + 'Nats-Msg-Id: m1\r\n' + '\r\n' = 40 bytes of headers.
    let transport: MemoryTransport;
    let atLimit: unknown;
    beforeAll(async () => {
      transport = await connected({ maxPayload: 50 });
      atLimit = await transport.publish(placed('m1', new Uint8Array(10)));
    });
    afterAll(() => transport.close());

    it('should accept a message exactly at the limit', () => {
      expect(atLimit).toStrictEqual({ stream: 'ORDERS', seq: 1, duplicate: false });
    });

    it('should reject one byte more with PAYLOAD_TOO_LARGE', async () => {
      expect(await failureOf(() => transport.publish(placed('m2', new Uint8Array(11))))).toStrictEqual({
        name: 'JetboxError',
        code: 'PAYLOAD_TOO_LARGE',
        message:
          "cannot publish 'orders.placed.v1': the message takes 51 bytes with its headers, more than the maximum payload of 50 bytes; send less data or raise maxPayload",
      });
    });
  });

  describe('when a stream would overlap another', () => {
    let transport: MemoryTransport;
    beforeAll(async () => {
      transport = await connected();
    });
    afterAll(() => transport.close());

    it('should reject with a ConfigError naming both streams', async () => {
      expect(
        await failureOf(() => transport.ensureStream({ name: 'PLACED', subjects: ['orders.placed.*'] })),
      ).toStrictEqual({
        name: 'ConfigError',
        code: 'CONFIG',
        message:
          "Invalid Jetbox configuration: stream 'PLACED' subject 'orders.placed.*' overlaps subject 'orders.>' of stream 'ORDERS': a subject may be captured by one stream only; narrow one of them",
      });
    });
  });

  describe('when a stream is declared again with its own subjects changed', () => {
    let transport: MemoryTransport;
    let receipts: unknown[];
    beforeAll(async () => {
      transport = await connected();
      await transport.publish(placed('m1'));
      await transport.ensureStream({ name: 'ORDERS', subjects: ['orders.>', 'returns.>'] });
      receipts = [await transport.publish({ ...placed('m2'), subject: 'returns.opened.v1' })];
    });
    afterAll(() => transport.close());

    it('should keep its messages and capture the new subjects', () => {
      expect(receipts).toStrictEqual([{ stream: 'ORDERS', seq: 2, duplicate: false }]);
    });
  });

  describe('when a consumer names a stream that does not exist', () => {
    let transport: MemoryTransport;
    beforeAll(async () => {
      transport = await connected();
    });
    afterAll(() => transport.close());

    it('should reject with a ConfigError asking to declare the stream first', async () => {
      expect(
        await failureOf(() => transport.ensureConsumer({ ...WORKER, stream: 'PAYMENTS' })),
      ).toStrictEqual({
        name: 'ConfigError',
        code: 'CONFIG',
        message:
          "Invalid Jetbox configuration: consumer 'worker' on stream 'PAYMENTS': the stream does not exist; declare it with ensureStream first",
      });
    });
  });

  describe('when subscribing to a consumer that was not declared', () => {
    let transport: MemoryTransport;
    beforeAll(async () => {
      transport = await connected();
    });
    afterAll(() => transport.close());

    it('should throw TRANSPORT, asking to declare it first', async () => {
      expect(await failureOf(() => transport.subscribe({ ...WORKER, durable: 'other' }))).toStrictEqual({
        name: 'JetboxError',
        code: 'TRANSPORT',
        message:
          "cannot subscribe to consumer 'other' on stream 'ORDERS': it does not exist; declare it with ensureConsumer first",
      });
    });
  });

  describe('when closed', () => {
    let transport: MemoryTransport;
    let subscription: Subscription;
    let iteration: unknown;
    let settle: unknown;
    beforeAll(async () => {
      transport = await connected();
      await transport.publish(placed('m1'));
      subscription = transport.subscribe(WORKER);
      const iterator = subscription[Symbol.asyncIterator]();
      const first = await iterator.next();
      const waiting = iterator.next();
      await transport.close();
      iteration = await waiting;
      settle = first.done ? 'nothing delivered' : await failureOf(() => first.value.ack());
    });

    it('should end the iteration of every subscription', () => {
      expect(iteration).toStrictEqual({ done: true, value: undefined });
    });

    it('should reject a later ack with STOPPED', () => {
      expect(settle).toStrictEqual({
        name: 'JetboxError',
        code: 'STOPPED',
        message: "consumer 'worker' on stream 'ORDERS' is closed: the transport was closed",
      });
    });

    it('should reject a later publish with STOPPED', async () => {
      expect(await failureOf(() => transport.publish(placed('m2')))).toStrictEqual({
        name: 'JetboxError',
        code: 'STOPPED',
        message: "cannot publish 'orders.placed.v1': the memory transport is closed",
      });
    });

    it('should not be healthy', () => {
      expect(transport.isHealthy()).toBe(false);
    });

    it('should resolve a second close', async () => {
      expect(await failureOf(() => transport.close())).toBeUndefined();
    });

    it('should refuse to connect again', async () => {
      expect(await failureOf(() => transport.connect())).toStrictEqual({
        name: 'JetboxError',
        code: 'STOPPED',
        message: 'cannot connect: the memory transport is closed',
      });
    });
  });

  describe('when deliveries wait for their ack timers', () => {
    let transport: MemoryTransport;
    let timers: number[];
    beforeAll(async () => {
      const refTimers = () =>
        process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
      transport = await connected();
      timers = [refTimers()];
      await transport.publish(placed('m1'));
      const next = await transport.subscribe(WORKER)[Symbol.asyncIterator]().next();
      if (!next.done) await next.value.nak(5_000);
      timers.push(refTimers());
    });
    afterAll(() => transport.close());

    it('should not keep the process alive with them', () => {
      expect(timers[1]).toBe(timers[0]);
    });
  });
});
