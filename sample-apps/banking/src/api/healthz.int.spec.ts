import { freePort, startNatsServer, waitFor, type LocalNatsServer } from '@jetbox/testing';
import { BankClient } from '../client/bank.client';
import { startBankingProcess, type BankingProcess } from '../testing/banking-process';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

/** `GET /healthz` follows NATS: the app runs on a private nats-server that the test stops and starts again. */
describe('GET /healthz when NATS goes away and comes back', () => {
  let nats: LocalNatsServer;
  let db: TestDatabase;
  let server: BankingProcess;
  let bank: BankClient;
  const health = async () => {
    const response = await bank.call('GET', '/healthz');
    return [response.status, response.body];
  };
  let whileUp: unknown;
  let whileDown: unknown;
  let afterRestart: unknown;

  beforeAll(async () => {
    nats = await startNatsServer();
    db = await createTestDatabase();
    const port = await freePort();
    server = startBankingProcess('server.ts', { PORT: String(port), NATS_URL: nats.url, DATABASE_URL: db.url, ROLES: 'api' });
    await server.waitForLine('ready:');
    bank = new BankClient(`http://127.0.0.1:${port}`);
    whileUp = await health();
    await nats.stop();
    whileDown = await waitFor(async () => ((await health())[0] === 503 ? health() : undefined), { timeoutMs: 15_000, description: 'healthz to answer 503' });
    await nats.restart();
    afterRestart = await waitFor(async () => ((await health())[0] === 200 ? health() : undefined), { timeoutMs: 20_000, description: 'healthz to answer 200 again' });
  }, 90_000);

  afterAll(async () => {
    await server?.kill();
    await nats?.stop();
    await db?.drop();
  });

  it('should answer 200 while NATS and MariaDB answer', () => {
    expect(whileUp).toStrictEqual([200, { status: 'ok', transport: 'up', database: 'up' }]);
  });

  it('should answer 503, naming the transport, while NATS is down', () => {
    expect(whileDown).toStrictEqual([503, { status: 'unavailable', transport: 'down', database: 'up' }]);
  });

  it('should answer 200 again once NATS is back', () => {
    expect(afterRestart).toStrictEqual([200, { status: 'ok', transport: 'up', database: 'up' }]);
  });
});
