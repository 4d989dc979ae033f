import {
  DeadLetterHeaders,
  Event,
  Handles,
  Headers,
  newMessageId,
  PermanentError,
  toHeaders,
  type MessageContext,
  type Transport,
} from '@jetbox/core';
import { Container, injectable } from 'inversify';
import { z } from 'zod';
import { JetboxTestHarness } from './test-harness';
import { waitFor } from './wait-for';

/** Options of {@link describeDeliveryRules}. */
export interface DeliveryRulesOptions {
  /** Called after each test with the streams it declared, to delete them on a shared server. */
  readonly cleanup?: (streams: string[]) => Promise<void>;
  /** Allowed early/late slack for timing assertions. Default 150 ms. */
  readonly timingToleranceMs?: number;
}

let counter = 0;

/** Unique names for one test: its stream, its dead-letter stream and a subject prefix. */
function names() {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { stream: `RULES_${id.toUpperCase()}`, dlq: `RULES_${id.toUpperCase()}_DLQ`, prefix: `rules${id}` };
}

/**
 * The delivery rules every transport must show through a whole Jetbox app: ack on success, retry
 * with the configured backoff, dead letters after the last attempt and at once for permanent errors,
 * bounded concurrency, correlation carried to what a handler publishes, and bad input that is
 * dead-lettered while the consumer keeps going. Call it in a Jest test file with a transport factory.
 */
export function describeDeliveryRules(name: string, factory: () => Transport, options: DeliveryRulesOptions = {}): void {
  const tolerance = options.timingToleranceMs ?? 150;

  /** Builds message classes and an app around `Service`, with unique subjects. */
  async function harnessFor<S extends object>(build: (m: ReturnType<typeof defineMessages>) => new () => S) {
    const n = names();
    const messages = defineMessages(n.prefix);
    const Service = build(messages);
    const container = new Container();
    container.bind(Service).toSelf().inSingletonScope();
    const transport = factory();
    const harness = await JetboxTestHarness.start({
      name: 'rules',
      container,
      services: [Service],
      transport,
      streams: [{ name: n.stream, subjects: [`${n.prefix}.>`] }],
      deadLetter: { stream: n.dlq, subjectPrefix: `${n.prefix}-dlq` },
      shutdownTimeoutMs: 5_000,
    });
    const service = container.get(Service);
    const done = async () => {
      await harness.stop();
      await options.cleanup?.([n.stream, n.dlq]);
    };
    return { harness, service, messages, transport, done, prefix: n.prefix };
  }

  describe(`delivery rules on ${name}`, () => {
    describe('when a handler succeeds', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested, JobDone }) => {
          @injectable()
          class Worker {
            readonly seen: MessageContext[] = [];
            @Handles(JobRequested, { durable: 'worker' })
            async on(job: InstanceType<typeof JobRequested>, c: MessageContext) {
              this.seen.push(c);
              c.publish(new JobDone(job.jobId));
            }
          }
          return Worker;
        });

      beforeAll(async () => {
        ctx = await start();
        await ctx.harness.publish(new ctx.messages.JobRequested('j-1', 1), { key: 'k-1' });
        await ctx.harness.waitForPublished(ctx.messages.JobDone);
      });
      afterAll(() => ctx.done());

      it('should handle it once, on its first delivery', () => {
        expect(ctx.harness.handled.map((o) => o.deliveryCount)).toStrictEqual([1]);
      });

      it('should carry the correlation id and set the causation id on what the handler publishes', () => {
        const [requested] = ctx.harness.published(ctx.messages.JobRequested);
        const [done] = ctx.harness.published(ctx.messages.JobDone);
        expect([done!.envelope.correlationId, done!.envelope.causationId]).toStrictEqual([requested!.envelope.id, requested!.envelope.id]);
      });

      it('should write CloudEvents headers with one id end to end', () => {
        const [requested] = ctx.harness.published(ctx.messages.JobRequested);
        expect({
          id: requested!.headers[Headers.id] === requested!.envelope.id,
          type: requested!.headers[Headers.type],
          source: requested!.headers[Headers.source],
          specversion: requested!.headers[Headers.specVersion],
          contentType: requested!.headers[Headers.contentType],
          key: requested!.headers[Headers.partitionKey],
        }).toStrictEqual({ id: true, type: `${ctx.prefix}.job.requested.v1`, source: 'rules', specversion: '1.0', contentType: 'application/json', key: 'k-1' });
      });

    });

    describe('when a handler fails, then succeeds', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const delays = [400, 800];
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Flaky {
            readonly attempts: number[] = [];
            @Handles(JobRequested, { durable: 'flaky', retry: { maxDeliver: 5, backoff: delays, jitter: 0 } })
            async on() {
              this.attempts.push(performance.now());
              if (this.attempts.length < 3) throw new Error(`attempt ${this.attempts.length} fails`);
            }
          }
          return Flaky;
        });

      beforeAll(async () => {
        ctx = await start();
        await ctx.harness.publish(new ctx.messages.JobRequested('j-2', 1));
        await ctx.harness.waitForHandled({}, { timeoutMs: 10_000 });
      });
      afterAll(() => ctx.done());

      it('should handle it on the third delivery', () => {
        expect(ctx.harness.handled.map((o) => o.deliveryCount)).toStrictEqual([3]);
      });

      it('should wait the configured backoff before each retry', () => {
        const attempts = (ctx.service as unknown as { attempts: number[] }).attempts;
        const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
        const withinTolerance = gaps.map((gap, i) => gap >= delays[i]! - tolerance && gap <= delays[i]! + 4 * tolerance);
        expect({ gaps: gaps.map(Math.round), withinTolerance }).toStrictEqual({ gaps: gaps.map(Math.round), withinTolerance: [true, true] });
      });
    });

    describe('when a handler always fails', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Broken {
            calls = 0;
            @Handles(JobRequested, { durable: 'broken', retry: { maxDeliver: 3, backoff: [50], jitter: 0 } })
            async on() {
              this.calls++;
              throw new Error('database is on fire');
            }
          }
          return Broken;
        });

      beforeAll(async () => {
        ctx = await start();
        await ctx.harness.publish(new ctx.messages.JobRequested('j-3', 1));
        await ctx.harness.waitForDeadLettered({}, { timeoutMs: 10_000 });
      });
      afterAll(() => ctx.done());

      it('should call the handler maxDeliver times', () => {
        expect((ctx.service as unknown as { calls: number }).calls).toBe(3);
      });

      it('should store a dead letter with the error, reason and delivery count', () => {
        const [dead] = ctx.harness.deadLetters();
        expect({
          subject: dead!.subject,
          error: dead!.headers[DeadLetterHeaders.error],
          reason: dead!.headers[DeadLetterHeaders.reason],
          deliveries: dead!.headers[DeadLetterHeaders.deliveries],
          payload: dead!.payload,
        }).toStrictEqual({
          subject: `${ctx.prefix}-dlq.broken`,
          error: 'Error: database is on fire',
          reason: 'max_deliver',
          deliveries: '3',
          payload: { jobId: 'j-3', size: 1 },
        });
      });
    });

    describe('when a handler throws a PermanentError', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Refuser {
            calls = 0;
            @Handles(JobRequested, { durable: 'refuser', retry: { maxDeliver: 5, backoff: [50] } })
            async on() {
              this.calls++;
              throw new PermanentError('this job can never run');
            }
          }
          return Refuser;
        });

      beforeAll(async () => {
        ctx = await start();
        await ctx.harness.publish(new ctx.messages.JobRequested('j-4', 1));
        await ctx.harness.waitForDeadLettered();
      });
      afterAll(() => ctx.done());

      it('should call the handler once', () => {
        expect((ctx.service as unknown as { calls: number }).calls).toBe(1);
      });

      it('should dead-letter it at once, as permanent', () => {
        const [dead] = ctx.harness.deadLetters();
        expect([dead!.headers[DeadLetterHeaders.reason], dead!.headers[DeadLetterHeaders.errorCode], dead!.headers[DeadLetterHeaders.deliveries]]).toStrictEqual(['permanent', 'PERMANENT', '1']);
      });
    });

    describe('when many messages arrive for a handler with concurrency 4', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Pool {
            running = 0;
            maxRunning = 0;
            @Handles(JobRequested, { durable: 'pool', concurrency: 4 })
            async on() {
              this.running++;
              this.maxRunning = Math.max(this.maxRunning, this.running);
              await new Promise((resolve) => setTimeout(resolve, 30));
              this.running--;
            }
          }
          return Pool;
        });

      beforeAll(async () => {
        ctx = await start();
        await Promise.all(Array.from({ length: 40 }, (_, i) => ctx.harness.publish(new ctx.messages.JobRequested(`c-${i}`, i + 1))));
        await ctx.harness.waitForHandled({}, { count: 40, timeoutMs: 15_000 });
      });
      afterAll(() => ctx.done());

      it('should run exactly 4 at once at the most', () => {
        expect((ctx.service as unknown as { maxRunning: number }).maxRunning).toBe(4);
      });
    });

    describe('when bad input arrives on a handled subject', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Sturdy {
            readonly handled: string[] = [];
            @Handles(JobRequested, { durable: 'sturdy' })
            async on(job: InstanceType<typeof JobRequested>) {
              this.handled.push(job.jobId);
            }
          }
          return Sturdy;
        });
      const raw = (type: string, subject: string, body: string) => {
        const id = newMessageId();
        return ctx.transport.publish({
          subject,
          msgId: id,
          headers: toHeaders({ id, type, source: 'intruder', time: new Date().toISOString(), correlationId: id }),
          data: new TextEncoder().encode(body),
        });
      };

      beforeAll(async () => {
        ctx = await start();
        const subject = `${ctx.prefix}.job.requested.v1`;
        await raw(subject, subject, '{"jobId": "broken json');
        await raw(subject, subject, '{"jobId": "j-5", "size": -3}');
        await raw(`${ctx.prefix}.something.else.v1`, subject, '{"jobId": "j-6", "size": 1}');
        await ctx.harness.publish(new ctx.messages.JobRequested('j-7', 1));
        await ctx.harness.waitForDeadLettered({}, { count: 3 });
        await ctx.harness.waitForHandled();
      });
      afterAll(() => ctx.done());

      it('should dead-letter each with the reason in its error code', () => {
        expect(ctx.harness.deadLetters().map((d) => d.headers[DeadLetterHeaders.errorCode])).toStrictEqual(['DECODE', 'SCHEMA', 'UNKNOWN_MESSAGE_TYPE']);
      });

      it('should keep going and handle the valid message after them', () => {
        expect((ctx.service as unknown as { handled: string[] }).handled).toStrictEqual(['j-7']);
      });
    });

    describe('when a message is larger than the transport accepts', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Any {
            @Handles(JobRequested, { durable: 'any' })
            async on() {}
          }
          return Any;
        });

      beforeAll(async () => {
        ctx = await start();
      });
      afterAll(() => ctx.done());

      it('should reject the publish with PAYLOAD_TOO_LARGE', async () => {
        const big = new ctx.messages.JobRequested('x'.repeat(1_100_000), 1);
        await expect(ctx.harness.publish(big)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      });

      it('should still publish and handle normal messages', async () => {
        await ctx.harness.publish(new ctx.messages.JobRequested('small', 1));
        await expect(ctx.harness.waitForHandled()).resolves.toHaveLength(1);
      });
    });

    describe('when the app stops while a handler runs', () => {
      let ctx: Awaited<ReturnType<typeof start>>;
      const start = () =>
        harnessFor(({ JobRequested }) => {
          @injectable()
          class Slow {
            started = 0;
            finished = 0;
            @Handles(JobRequested, { durable: 'slow' })
            async on() {
              this.started++;
              await new Promise((resolve) => setTimeout(resolve, 300));
              this.finished++;
            }
          }
          return Slow;
        });

      beforeAll(async () => {
        ctx = await start();
        await ctx.harness.publish(new ctx.messages.JobRequested('s-1', 1));
        await waitFor(() => (ctx.service as unknown as { started: number }).started === 1);
        await ctx.harness.stop();
      });
      afterAll(() => ctx.done());

      it('should let it finish and ack it before stopping', () => {
        expect([(ctx.service as unknown as { finished: number }).finished, ctx.harness.handled.length]).toStrictEqual([1, 1]);
      });
    });
  });
}

const JobSchema = z.object({ jobId: z.string().min(1), size: z.number().int().positive() });

/** Message classes with subjects under `prefix`, declared anew per test so names never collide. */
function defineMessages(prefix: string) {
  @Event(`${prefix}.job.requested.v1`, { schema: JobSchema })
  class JobRequested {
    constructor(
      readonly jobId: string,
      readonly size: number,
    ) {}
  }

  @Event(`${prefix}.job.done.v1`)
  class JobDone {
    constructor(readonly jobId: string) {}
  }

  return { JobRequested, JobDone };
}
