import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { JetboxError } from '@jetbox/core';
import { runJetboxMigrations } from './migrations/jetbox.migrations';
import { requireMariaDb, type MariaDbFixture } from './testing/mariadb.fixture';
import { typeormOutbox } from './typeorm-outbox';

/** A TCP relay to MariaDB that the test can cut, as a network failure would. */
async function startProxy(host: string, port: number): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('TypeOrmOutboxStore when MariaDB becomes unreachable', () => {
  let fixture: MariaDbFixture;
  let error: unknown;

  beforeAll(async () => {
    fixture = await requireMariaDb();
    const proxy = await startProxy(fixture.host, fixture.port);
    const dataSource = await fixture.connect({ host: '127.0.0.1', port: proxy.port });
    await runJetboxMigrations(dataSource);
    const store = typeormOutbox({ dataSource });
    await store.backlog();
    await proxy.cut();
    error = await store.backlog().catch((caught: unknown) => caught);
  });
  afterAll(async () => fixture?.drop());

  it('should reject with a CONNECTION JetboxError saying what it was doing', () =>
    expect(JetboxError.is(error) && { code: error.code, starts: error.message.startsWith('cannot read the outbox backlog: the database at MariaDB at 127.0.0.1:') }).toStrictEqual({
      code: 'CONNECTION',
      starts: true,
    }));
});
