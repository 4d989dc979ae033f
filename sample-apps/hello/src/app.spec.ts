import { DeadLetterHeaders, memoryTransport, silentLogger } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import { NATS_URL, RecordingTransport, requireNats, waitFor } from '@jetbox/testing';
import { connect } from 'nats';
import { createHelloApp } from './app';

const NAMES = ['Ada', 'Grace', 'Voldemort', 'Linus'];

describe.each([
  ['embedded, on the in-memory transport', () => memoryTransport()],
  ['on NATS', () => nats({ servers: NATS_URL, name: 'hello-test' })],
])('the hello sample %s', (mode, transport) => {
  let recorder: RecordingTransport;
  let greetings: string[];

  beforeAll(async () => {
    if (mode === 'on NATS') {
      await requireNats();
      // Start from an empty HELLO stream: an interrupted demo may have left messages in it.
      const nc = await connect({ servers: NATS_URL });
      await (await nc.jetstreamManager()).streams.delete('HELLO').catch(() => false);
      await nc.close();
    }
    recorder = new RecordingTransport(transport());
    const { app, greeter } = await createHelloApp(recorder, silentLogger);
    await app.start();
    for (const name of NAMES) await greeter.requestGreeting(name);
    await waitFor(() => greeter.greetings.length === 3 && recorder.messages.some((m) => m.headers[DeadLetterHeaders.reason]), {
      description: 'three greetings and one dead letter',
    });
    greetings = [...greeter.greetings].sort();
    await app.stop();
  });

  it('should greet everyone but Voldemort', () => {
    expect(greetings).toStrictEqual(['Hello, Ada!', 'Hello, Grace!', 'Hello, Linus!']);
  });

  it('should dead-letter the request to greet Voldemort as permanent', () => {
    const dead = recorder.messages.filter((m) => m.headers[DeadLetterHeaders.reason]);
    expect(dead.map((m) => [m.payload, m.headers[DeadLetterHeaders.reason], m.headers[DeadLetterHeaders.error]])).toStrictEqual([
      [{ name: 'Voldemort' }, 'permanent', 'PermanentError: we do not greet him'],
    ]);
  });
});
