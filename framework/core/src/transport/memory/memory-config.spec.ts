import { ConfigError } from '../../errors';
import type { ConsumerSpec, StreamSpec } from '../../ports';
import {
  resolveStreamConfig,
  subjectIsSubset,
  subjectProblem,
  validateConsumerSpec,
  type ResolvedStreamConfig,
} from './memory-config';

const problemsOf = (act: () => unknown): readonly string[] | undefined => {
  try {
    act();
    return undefined;
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [`not a ConfigError: ${String(error)}`];
  }
};

const ORDERS: ResolvedStreamConfig = resolveStreamConfig(
  { name: 'ORDERS', subjects: ['orders.>'], storage: 'memory' },
  undefined,
  [],
);

const consumer = (overrides: Partial<ConsumerSpec> = {}): ConsumerSpec => ({
  stream: 'ORDERS',
  durable: 'worker',
  filterSubject: 'orders.placed.v1',
  maxDeliver: 3,
  ackWaitMs: 1_000,
  maxAckPending: 10,
  ...overrides,
});

describe('resolveStreamConfig', () => {
  describe('when only name and subjects are given', () => {
    it("should fill in JetStream's defaults", () => {
      expect(resolveStreamConfig({ name: 'S', subjects: ['s.>'] }, undefined, [])).toStrictEqual({
        name: 'S',
        subjects: ['s.>'],
        storage: 'file',
        maxAgeMs: 0,
        maxBytes: Infinity,
        maxMsgs: Infinity,
        duplicateWindowMs: 120_000,
      });
    });
  });

  describe('when maxAgeMs is shorter than the default duplicate window', () => {
    it('should shorten the duplicate window to it', () => {
      expect(
        resolveStreamConfig({ name: 'S', subjects: ['s.>'], maxAgeMs: 30_000 }, undefined, [])
          .duplicateWindowMs,
      ).toBe(30_000);
    });
  });

  describe('when the spec is invalid in several ways', () => {
    it('should list every problem, naming the stream and what to change', () => {
      const spec: StreamSpec = {
        name: 'bad name',
        subjects: ['a..b', 'c.>.d', 'e.*x', 'f', 'f'],
        maxMsgs: -1,
        replicas: 6,
      };
      expect(problemsOf(() => resolveStreamConfig(spec, undefined, []))).toStrictEqual([
        "stream name 'bad name' is invalid: use only letters, digits, '_' and '-'",
        "stream 'bad name' subject 'a..b' is invalid: use dot-separated, non-empty tokens without spaces",
        "stream 'bad name' subject 'c.>.d' is invalid: '>' may only be the last token",
        "stream 'bad name' subject 'e.*x' is invalid: '*' and '>' must be whole tokens",
        "stream 'bad name' lists subject 'f' twice: list it once",
        "stream 'bad name' maxMsgs is -1: use a finite number, 0 or more",
        "stream 'bad name' replicas is 6: use a whole number from 1 to 5",
      ]);
    });
  });

  describe('when it captures no subjects', () => {
    it('should ask for at least one', () => {
      expect(problemsOf(() => resolveStreamConfig({ name: 'S', subjects: [] }, undefined, []))).toStrictEqual(
        ["stream 'S' captures no subjects: list at least one in 'subjects'"],
      );
    });
  });

  describe('when the duplicate window is longer than maxAgeMs', () => {
    it('should ask to shorten one of them', () => {
      expect(
        problemsOf(() =>
          resolveStreamConfig(
            { name: 'S', subjects: ['s.>'], maxAgeMs: 10, duplicateWindowMs: 20 },
            undefined,
            [],
          ),
        ),
      ).toStrictEqual([
        "stream 'S' duplicateWindowMs 20 is longer than maxAgeMs 10: shorten the duplicate window or keep messages longer",
      ]);
    });
  });

  describe("when a subject overlaps another stream's", () => {
    it('should name both streams and subjects', () => {
      expect(
        problemsOf(() =>
          resolveStreamConfig({ name: 'PLACED', subjects: ['orders.*.v1'] }, undefined, [ORDERS]),
        ),
      ).toStrictEqual([
        "stream 'PLACED' subject 'orders.*.v1' overlaps subject 'orders.>' of stream 'ORDERS': a subject may be captured by one stream only; narrow one of them",
      ]);
    });
  });

  describe('when an existing stream would change its storage', () => {
    it('should say which storage to keep', () => {
      expect(
        problemsOf(() =>
          resolveStreamConfig({ name: 'ORDERS', subjects: ['orders.>'], storage: 'file' }, ORDERS, []),
        ),
      ).toStrictEqual([
        "stream 'ORDERS' exists with storage 'memory', which cannot change to 'file': declare storage 'memory' or use a new stream name",
      ]);
    });
  });
});

describe('validateConsumerSpec', () => {
  describe('when the spec is valid', () => {
    it('should accept it', () => {
      expect(
        problemsOf(() =>
          validateConsumerSpec(consumer({ filterSubject: 'orders.*.v1', backoffMs: [10, 20] }), ORDERS),
        ),
      ).toBeUndefined();
    });
  });

  describe('when the filter subject is not captured by the stream', () => {
    it('should list the subjects the stream captures', () => {
      expect(
        problemsOf(() => validateConsumerSpec(consumer({ filterSubject: 'payments.>' }), ORDERS)),
      ).toStrictEqual([
        "consumer 'worker' on stream 'ORDERS': filterSubject 'payments.>' is not captured by the stream (subjects: orders.>); filter on a subject the stream captures",
      ]);
    });
  });

  describe('when the settings cannot work', () => {
    it('should list every problem', () => {
      const spec = consumer({
        durable: 'a b',
        filterSubject: 'orders..x',
        maxDeliver: 2,
        ackWaitMs: 0,
        maxAckPending: 0.5,
        backoffMs: [10, -1],
      });
      expect(problemsOf(() => validateConsumerSpec(spec, ORDERS))).toStrictEqual([
        "consumer 'a b' on stream 'ORDERS': the durable name is invalid; use only letters, digits, '_' and '-'",
        "consumer 'a b' on stream 'ORDERS': filterSubject 'orders..x' is invalid: use dot-separated, non-empty tokens without spaces",
        "consumer 'a b' on stream 'ORDERS': ackWaitMs is 0; use a finite number above 0",
        "consumer 'a b' on stream 'ORDERS': maxAckPending is 0.5; use a whole number, 1 or more",
        "consumer 'a b' on stream 'ORDERS': backoffMs [10, -1] must hold finite numbers above 0",
        "consumer 'a b' on stream 'ORDERS': backoffMs has 2 values but maxDeliver is 2; give fewer backoff values than maxDeliver",
      ]);
    });
  });

  describe('when maxDeliver is below 1', () => {
    it('should ask for a whole number, 1 or more', () => {
      expect(problemsOf(() => validateConsumerSpec(consumer({ maxDeliver: 0 }), ORDERS))).toStrictEqual([
        "consumer 'worker' on stream 'ORDERS': maxDeliver is 0; use a whole number, 1 or more",
      ]);
    });
  });
});

describe('subjectIsSubset', () => {
  describe('when comparing filters with stream subjects', () => {
    it('should follow the NATS subset rule', () => {
      const pairs: Array<[string, string]> = [
        ['a.b', 'a.>'],
        ['a.*.c', 'a.>'],
        ['a.>', 'a.>'],
        ['a.b', 'a.*'],
        ['a.*', 'a.*'],
        ['a', 'a.>'],
        ['a.>', 'a.*'],
        ['a.*', 'a.b'],
        ['a.b.c', 'a.*'],
        ['b.c', 'a.>'],
      ];
      expect(pairs.map(([filter, pattern]) => subjectIsSubset(filter, pattern))).toStrictEqual([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
        false,
        false,
        false,
      ]);
    });
  });
});

describe('subjectProblem', () => {
  describe('when a concrete subject is required', () => {
    it('should refuse wildcards and accept plain tokens', () => {
      expect([
        subjectProblem('a.*', false),
        subjectProblem('a.>', false),
        subjectProblem('a.b-c_d.v1', false),
      ]).toStrictEqual([
        'a concrete subject cannot contain the wildcards * or >',
        'a concrete subject cannot contain the wildcards * or >',
        undefined,
      ]);
    });
  });

  describe('when a token holds a space', () => {
    it('should refuse it', () => {
      expect(subjectProblem('a.b c', true)).toBe('use dot-separated, non-empty tokens without spaces');
    });
  });
});
