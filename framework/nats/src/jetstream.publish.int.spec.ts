import { JetboxError, type OutgoingMessage, type PublishReceipt, type StreamSpec } from '@jetbox/core';
import { NATS_URL } from '@jetbox/testing';
import { fromNatsHeaders } from './headers.codec';
import { JetStreamTransport } from './jetstream.transport';
import { useJetStream } from './testing/jetstream.fixture';

describe('JetStreamTransport.publish', () => {
  const nats = useJetStream();
  const newStream = () => nats.newStream('PUB');

  const message = (subject: string, msgId: string, data: Uint8Array = new TextEncoder().encode('{}')): OutgoingMessage => ({
    subject,
    msgId,
    headers: { 'ce-id': msgId, 'ce-type': subject, 'content-type': 'application/json' },
    data,
  });

  async function failure(promise: Promise<unknown>): Promise<JetboxError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!JetboxError.is(error)) throw new Error(`expected a JetboxError, got ${String(error)}`);
    return error;
  }

  describe('when the same message id is published twice, then another', () => {
    let stream: StreamSpec;
    let receipts: PublishReceipt[];
    beforeAll(async () => {
      const target = await newStream();
      stream = target.stream;
      receipts = [];
      for (const id of ['m-1', 'm-1', 'm-2']) receipts.push(await nats.transport.publish(message(target.subject, id)));
    });

    it('should answer the repeat as a duplicate of the first, with its sequence', () => {
      expect(receipts).toStrictEqual([
        { stream: stream.name, seq: 1, duplicate: false },
        { stream: stream.name, seq: 1, duplicate: true },
        { stream: stream.name, seq: 2, duplicate: false },
      ]);
    });
  });

  describe('when a message is stored', () => {
    let stored: Record<string, string>;
    beforeAll(async () => {
      const target = await newStream();
      await nats.transport.publish(message(target.subject, 'id-42'));
      stored = fromNatsHeaders((await nats.jsm.streams.getMessage(target.stream.name, { seq: 1 })).header);
    });

    it('should store its headers and its id as Nats-Msg-Id', () => {
      expect(stored).toStrictEqual({ 'ce-id': 'id-42', 'ce-type': expect.any(String), 'content-type': 'application/json', 'Nats-Msg-Id': 'id-42' });
    });
  });

  describe('when 200 messages are published at once', () => {
    let sequences: number[];
    beforeAll(async () => {
      const target = await newStream();
      const receipts = await Promise.all(Array.from({ length: 200 }, (_, i) => nats.transport.publish(message(target.subject, `bulk-${i}`))));
      sequences = receipts.map((r) => r.seq).sort((a, b) => a - b);
    });

    it('should store each once', () => {
      expect(sequences).toStrictEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });
  });

  describe('when the data exceeds the server max_payload', () => {
    let error: JetboxError;
    let subject: string;
    beforeAll(async () => {
      ({ subject } = await newStream());
      error = await failure(nats.transport.publish(message(subject, 'big', new Uint8Array(1_100_000))));
    });

    it('should reject with PAYLOAD_TOO_LARGE', () => {
      expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('should say the subject, the size and the limit', () => {
      expect(error.message).toMatch(new RegExp(`^cannot publish '${subject}': \\d+ bytes \\(1100000 of data \\+ \\d+ of headers\\) exceeds the server's max_payload of 1048576 bytes`));
    });
  });

  describe('when no stream captures the subject', () => {
    let error: JetboxError;
    beforeAll(async () => {
      error = await failure(nats.transport.publish(message('nowhere.captured.v1', 'lost')));
    });

    it('should reject with PUBLISH_FAILED saying no stream captures it', () => {
      expect([error.code, error.message]).toStrictEqual([
        'PUBLISH_FAILED',
        "cannot publish 'nowhere.captured.v1': no stream captures this subject (JetStream did not answer for it); declare a stream whose subjects match it (ensureStream), or check the subject for a typo",
      ]);
    });
  });

  describe('when a header value holds a line break', () => {
    let error: JetboxError;
    beforeAll(async () => {
      const { subject } = await newStream();
      error = await failure(nats.transport.publish({ ...message(subject, 'bad-header'), headers: { 'x-note': 'two\nlines' } }));
    });

    it('should reject with PUBLISH_FAILED naming the header', () => {
      expect([error.code, error.message]).toStrictEqual(['PUBLISH_FAILED', expect.stringMatching(/^cannot publish '.+': header 'x-note' cannot be sent/)]);
    });
  });

  describe('when the transport is not connected', () => {
    it('should reject with NOT_STARTED', async () => {
      const error = await failure(new JetStreamTransport({ servers: NATS_URL }).publish(message('any.subject.v1', 'x')));
      expect(error.code).toBe('NOT_STARTED');
    });
  });
});
