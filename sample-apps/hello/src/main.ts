import { silentLogger } from '@jetbox/core';
import { chooseTransport, createHelloApp } from './app';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

async function main(): Promise<void> {
  const { transport, mode } = await chooseTransport(NATS_URL);
  console.log(mode === 'production' ? `Mode: production — ${transport.describe()}` : `Mode: embedded — NATS is not reachable at ${NATS_URL}; using the ${transport.describe()}`);
  const { app, greeter } = await createHelloApp(transport, process.env.JETBOX_LOG_LEVEL ? undefined : silentLogger);
  await app.start();

  const names = ['Ada', 'Grace', 'Voldemort', 'Linus'];
  for (const name of names) await greeter.requestGreeting(name);
  console.log(`Requested greetings for ${names.join(', ')}; handlers run in the background.`);

  const deadline = Date.now() + 10_000;
  while (greeter.greetings.length < names.length - 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const text of greeter.greetings) console.log(`  handled: ${text}`);
  console.log('  Voldemort was refused with a PermanentError and went to the dead-letter stream JETBOX_DLQ.');
  await app.stop();
  if (greeter.greetings.length !== names.length - 1) {
    console.error(`Expected ${names.length - 1} greetings, got ${greeter.greetings.length}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
