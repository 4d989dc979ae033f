import 'reflect-metadata';
import { Jetbox, memoryTransport, type Logger, type Transport } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { Container } from 'inversify';
import { GreeterService } from './greeter.service';

/** Builds the hello app on the given transport. */
export async function createHelloApp(transport: Transport, logger?: Logger): Promise<{ app: Jetbox; greeter: GreeterService }> {
  const container = new Container();
  container.bind(GreeterService).toSelf().inSingletonScope();
  const app = await Jetbox.create({
    name: 'hello',
    container,
    services: [GreeterService],
    transport,
    streams: [{ name: 'HELLO', subjects: ['hello.>'], maxAgeMs: 24 * 60 * 60 * 1000 }],
    logger,
  });
  return { app, greeter: container.get(GreeterService) };
}

/** NATS when it answers at `url`, else the in-memory transport (embedded mode). */
export async function chooseTransport(url: string): Promise<{ transport: Transport; mode: 'production' | 'embedded' }> {
  const transport = nats({ servers: url, name: 'jetbox-hello' });
  try {
    await transport.connect();
    return { transport, mode: 'production' };
  } catch {
    await transport.close().catch(() => undefined);
    return { transport: memoryTransport(), mode: 'embedded' };
  }
}
