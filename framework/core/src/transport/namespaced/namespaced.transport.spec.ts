import { describeTransportConformance, RecordingTransport } from '@jetbox/testing';
import { ConfigError } from '../../errors';
import type { ConsumerSpec, Transport } from '../../ports';
import { memoryTransport } from '../memory';
import { namespaced, NamespacedTransport } from './namespaced.transport';

describe('NamespacedTransport', () => {
  let inner: RecordingTransport;
  let transport: Transport;
  const consumer: ConsumerSpec = {
    stream: 'SOCIAL',
    durable: 'timeline-fan-out',
    filterSubject: 'social.timeline.fan_out_batch.v1',
    maxDeliver: 3,
    ackWaitMs: 1_000,
    maxAckPending: 10,
  };

  beforeAll(async () => {
    inner = new RecordingTransport(memoryTransport());
    transport = new NamespacedTransport(inner, 'test_1');
    await transport.connect();
    await transport.ensureStream({ name: 'SOCIAL', subjects: ['social.>'] });
    await transport.ensureConsumer(consumer);
    await transport.publish({
      subject: 'social.timeline.fan_out_batch.v1',
      msgId: 'm-1',
      headers: { 'ce-id': 'm-1' },
      data: new TextEncoder().encode('{}'),
    });
  });

  afterAll(() => transport.close());

  it('should store under the namespaced stream and subject', () => {
    expect(inner.messages.map((m) => m.subject)).toStrictEqual(['test_1.social.timeline.fan_out_batch.v1']);
  });

  it('should deliver it to the namespaced consumer in the app’s own names, ids untouched', async () => {
    const subscription = transport.subscribe(consumer);
    const iterator = subscription[Symbol.asyncIterator]();
    const { value } = await iterator.next();
    await value!.ack();
    await subscription.stop();
    expect([value!.stream, value!.subject, value!.headers['ce-id']]).toStrictEqual([
      'SOCIAL',
      'social.timeline.fan_out_batch.v1',
      'm-1',
    ]);
  });

  it('should say its namespace in describe()', () => {
    expect(transport.describe().endsWith('(namespace test_1)')).toStrictEqual(true);
  });
});

describe('namespaced()', () => {
  it('should refuse a namespace that is not a lower-case subject token, saying what to give', () =>
    expect(() => namespaced(memoryTransport(), 'Test.1')).toThrow(
      new ConfigError([
        "namespace 'Test.1' must be lower-case letters, digits, '_' and '-' (it prefixes subjects and, upper-cased, stream names): e.g. 'test_1'",
      ]),
    ));
});

describeTransportConformance('a namespaced in-memory transport', async () => namespaced(memoryTransport(), 'conformance_ns'));
