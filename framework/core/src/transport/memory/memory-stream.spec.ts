import { resolveStreamConfig, type ResolvedStreamConfig } from './memory-config';
import { MemoryStream, wireHeaderSize, type IncomingMessage } from './memory-stream';

/** 'a.b' (3) + no headers + 10 bytes of data + 16 overhead. */
const SIZE = 29;

const config = (overrides: Partial<Parameters<typeof resolveStreamConfig>[0]> = {}): ResolvedStreamConfig =>
  resolveStreamConfig({ name: 'S', subjects: ['a.>'], ...overrides }, undefined, []);

const message = (msgId: string, subject = 'a.b'): IncomingMessage => ({
  subject,
  msgId,
  headers: {},
  data: new Uint8Array(10),
});

/** A stream on a clock the test moves. */
function streamAt(overrides: Partial<Parameters<typeof resolveStreamConfig>[0]> = {}) {
  const clock = { now: 1_000 };
  return { clock, stream: new MemoryStream(config(overrides), () => clock.now) };
}

describe('MemoryStream', () => {
  describe('when three messages are stored', () => {
    let receipts: unknown[];
    let state: unknown;
    beforeAll(() => {
      const { stream } = streamAt();
      receipts = ['m1', 'm2', 'm3'].map((id) => stream.store(message(id)));
      state = stream.state;
    });

    it('should number them from 1', () => {
      expect(receipts).toStrictEqual([
        { seq: 1, duplicate: false },
        { seq: 2, duplicate: false },
        { seq: 3, duplicate: false },
      ]);
    });

    it('should count them and their bytes', () => {
      expect(state).toStrictEqual({ messages: 3, bytes: 3 * SIZE, firstSeq: 1, lastSeq: 3 });
    });
  });

  describe('when a message id is stored again within the duplicate window', () => {
    let receipt: unknown;
    let state: unknown;
    beforeAll(() => {
      const { clock, stream } = streamAt({ duplicateWindowMs: 100 });
      stream.store(message('m1'));
      stream.store(message('m2'));
      clock.now += 99;
      receipt = stream.store(message('m1'));
      state = stream.state;
    });

    it('should answer the first sequence as a duplicate', () => {
      expect(receipt).toStrictEqual({ seq: 1, duplicate: true });
    });

    it('should store nothing', () => {
      expect(state).toStrictEqual({ messages: 2, bytes: 2 * SIZE, firstSeq: 1, lastSeq: 2 });
    });
  });

  describe('when a message id is stored again after the duplicate window', () => {
    let receipt: unknown;
    beforeAll(() => {
      const { clock, stream } = streamAt({ duplicateWindowMs: 100 });
      stream.store(message('m1'));
      clock.now += 100;
      receipt = stream.store(message('m1'));
    });

    it('should store it as a new message', () => {
      expect(receipt).toStrictEqual({ seq: 2, duplicate: false });
    });
  });

  describe('when messages have an empty id', () => {
    let receipts: unknown[];
    beforeAll(() => {
      const { stream } = streamAt();
      receipts = [stream.store(message('')), stream.store(message(''))];
    });

    it('should never treat them as duplicates', () => {
      expect(receipts).toStrictEqual([
        { seq: 1, duplicate: false },
        { seq: 2, duplicate: false },
      ]);
    });
  });

  describe('when more than maxMsgs are stored', () => {
    let state: unknown;
    let oldest: unknown;
    beforeAll(() => {
      const { stream } = streamAt({ maxMsgs: 2 });
      ['m1', 'm2', 'm3'].forEach((id) => stream.store(message(id)));
      state = stream.state;
      oldest = stream.get(1);
    });

    it('should discard the oldest', () => {
      expect(state).toStrictEqual({ messages: 2, bytes: 2 * SIZE, firstSeq: 2, lastSeq: 3 });
    });

    it('should find nothing at the discarded sequence', () => {
      expect(oldest).toBeUndefined();
    });
  });

  describe('when more than maxBytes are stored', () => {
    let state: unknown;
    beforeAll(() => {
      const { stream } = streamAt({ maxBytes: 2 * SIZE + 1 });
      ['m1', 'm2', 'm3'].forEach((id) => stream.store(message(id)));
      state = stream.state;
    });

    it('should discard the oldest until the rest fit', () => {
      expect(state).toStrictEqual({ messages: 2, bytes: 2 * SIZE, firstSeq: 2, lastSeq: 3 });
    });
  });

  describe('when one message is larger than maxBytes', () => {
    let receipt: unknown;
    let state: unknown;
    beforeAll(() => {
      const { stream } = streamAt({ maxBytes: SIZE - 1 });
      receipt = stream.store(message('m1'));
      state = stream.state;
    });

    it('should answer its sequence, as JetStream does', () => {
      expect(receipt).toStrictEqual({ seq: 1, duplicate: false });
    });

    it('should keep nothing', () => {
      expect(state).toStrictEqual({ messages: 0, bytes: 0, firstSeq: 2, lastSeq: 1 });
    });
  });

  describe('when messages grow older than maxAgeMs', () => {
    let state: unknown;
    beforeAll(() => {
      const { clock, stream } = streamAt({ maxAgeMs: 1_000 });
      stream.store(message('m1'));
      clock.now += 500;
      stream.store(message('m2'));
      clock.now += 500;
      state = stream.state;
    });

    it('should discard them', () => {
      expect(state).toStrictEqual({ messages: 1, bytes: SIZE, firstSeq: 2, lastSeq: 2 });
    });
  });

  describe('when it is reconfigured with a tighter limit', () => {
    let state: unknown;
    beforeAll(() => {
      const { stream } = streamAt();
      ['m1', 'm2', 'm3'].forEach((id) => stream.store(message(id)));
      stream.reconfigure(config({ maxMsgs: 1 }));
      state = stream.state;
    });

    it('should discard the oldest at once', () => {
      expect(state).toStrictEqual({ messages: 1, bytes: SIZE, firstSeq: 3, lastSeq: 3 });
    });
  });

  describe('when looking for the first message matching a filter', () => {
    let found: unknown[];
    beforeAll(() => {
      const { stream } = streamAt({ maxMsgs: 4 });
      ['a.x', 'a.y', 'a.x', 'a.y', 'a.x'].forEach((subject, i) => stream.store(message(`m${i}`, subject)));
      found = [
        stream.firstMatching(0, 'a.y')?.seq,
        stream.firstMatching(3, 'a.x')?.seq,
        stream.firstMatching(5, 'a.y')?.seq,
      ];
    });

    it('should skip discarded messages and other subjects', () => {
      expect(found).toStrictEqual([2, 3, undefined]);
    });
  });

  describe('when it captures wildcard subjects', () => {
    let captured: boolean[];
    beforeAll(() => {
      const stream = new MemoryStream(
        resolveStreamConfig({ name: 'S', subjects: ['a.*.c', 'b.>'] }, undefined, []),
      );
      captured = ['a.b.c', 'a.b.d', 'b.c', 'b', 'c.d'].map((subject) => stream.captures(subject));
    });

    it('should capture the subjects the wildcards match', () => {
      expect(captured).toStrictEqual([true, false, true, false, false]);
    });
  });
});

describe('wireHeaderSize', () => {
  describe('when there are no headers', () => {
    it('should be 0', () => {
      expect(wireHeaderSize({})).toBe(0);
    });
  });

  describe('when there are headers', () => {
    it('should count the NATS/1.0 block with its line ends', () => {
      expect(wireHeaderSize({ a: 'b', 'ce-id': 'é' })).toBe(
        'NATS/1.0\r\na: b\r\nce-id: é\r\n\r\n'.length + 1,
      );
    });
  });
});
