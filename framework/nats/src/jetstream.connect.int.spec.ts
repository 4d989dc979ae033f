import { JetboxError } from '@jetbox/core';
import { freePort, NATS_URL, requireNats, startNatsServer, type LocalNatsServer } from '@jetbox/testing';
import { JetStreamTransport } from './jetstream.transport';

async function failure(promise: Promise<unknown>): Promise<JetboxError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!JetboxError.is(error)) throw new Error(`expected a JetboxError, got ${String(error)}`);
  return error;
}

describe('JetStreamTransport.connect', () => {
  describe('when nothing listens at the URL', () => {
    let url: string;
    let error: JetboxError;
    beforeAll(async () => {
      url = `nats://127.0.0.1:${await freePort()}`;
      error = await failure(new JetStreamTransport({ servers: url, connectTimeoutMs: 2_000 }).connect());
    });

    it('should reject with CONNECTION', () => {
      expect(error.code).toBe('CONNECTION');
    });

    it('should name the URL and say how to start NATS', () => {
      expect(error.message).toBe(`cannot connect to NATS at ${url}: connection refused; start nats-server with -js, or set NATS_URL to a server that is running`);
    });
  });

  describe('when the server runs without JetStream', () => {
    let server: LocalNatsServer;
    let error: JetboxError;
    beforeAll(async () => {
      server = await startNatsServer({ jetstream: false });
      error = await failure(new JetStreamTransport({ servers: server.url }).connect());
    });
    afterAll(() => server?.stop());

    it('should reject with CONNECTION saying JetStream is not enabled', () => {
      expect([error.code, error.message]).toStrictEqual(['CONNECTION', expect.stringMatching(/is reachable but JetStream is not enabled: restart nats-server with -js/)]);
    });
  });

  describe('when connected, then closed twice', () => {
    const health: boolean[] = [];
    beforeAll(async () => {
      await requireNats();
      const transport = new JetStreamTransport({ servers: NATS_URL });
      await transport.connect();
      await transport.connect();
      health.push(transport.isHealthy());
      await Promise.all([transport.close(), transport.close()]);
      await transport.close();
      health.push(transport.isHealthy());
    });

    it('should be healthy while connected, and not after close', () => {
      expect(health).toStrictEqual([true, false]);
    });
  });

  describe('when subscribe() is called before connect()', () => {
    it('should throw NOT_STARTED', () => {
      const transport = new JetStreamTransport({ servers: NATS_URL });
      expect(() => transport.subscribe({ stream: 'S', durable: 'd', filterSubject: 'a.b', maxDeliver: 2, ackWaitMs: 1_000, maxAckPending: 1 })).toThrow(
        expect.objectContaining({ code: 'NOT_STARTED' }),
      );
    });
  });
});
