/**
 * A Jetbox app that only relays (no services, no consumers): run two at once by the two-relay test.
 * Prints READY once started; on SIGTERM drains, prints `SENT <records it published>` and exits 0.
 */
import 'reflect-metadata';
import { Jetbox, silentLogger } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { typeormOutbox } from '@jetbox/typeorm';
import { Container } from 'inversify';
import { DataSource } from 'typeorm';

const { PREFIX, DATABASE, NATS_URL } = process.env as Record<string, string>;

async function main(): Promise<void> {
  const dataSource = new DataSource({ type: 'mariadb', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: DATABASE });
  await dataSource.initialize();
  const app = await Jetbox.create({
    name: 'relay-app',
    container: new Container(),
    transport: nats({ servers: NATS_URL }),
    outbox: typeormOutbox({ dataSource }),
    relay: { pollIntervalMs: 50, batchSize: 128 },
    streams: [{ name: PREFIX.toUpperCase(), subjects: [`${PREFIX}.>`] }],
    deadLetter: { stream: `${PREFIX.toUpperCase()}_DLQ`, subjectPrefix: `${PREFIX}-dlq` },
    logger: silentLogger,
  });
  await app.start();
  process.stdout.write('READY\n');
  process.once('SIGTERM', () => {
    app.stop().then(
      () => {
        process.stdout.write(`SENT ${app.relayStats()?.sent ?? 0}\n`);
        return dataSource.destroy().then(() => process.exit(0));
      },
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
