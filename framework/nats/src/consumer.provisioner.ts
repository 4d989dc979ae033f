import { ConfigError, JetboxError, isValidName, type ConsumerSpec } from '@jetbox/core';
import { AckPolicy, DeliverPolicy, nanos, ReplayPolicy, type ConsumerConfig, type JetStreamManager } from 'nats';
import { apiErrorCode, causeText, JsApiError } from './nats-error.translate';
import type { Provisioned } from './stream.provisioner';

type DesiredConsumer = Pick<ConsumerConfig, 'durable_name' | 'ack_policy' | 'deliver_policy' | 'replay_policy' | 'filter_subject' | 'max_deliver' | 'ack_wait' | 'backoff' | 'max_ack_pending' | 'description'>;

/** Every problem with a consumer spec that the server would reject less clearly. */
export function checkConsumerSpec(spec: ConsumerSpec): string[] {
  const problems: string[] = [];
  const name = `consumer '${spec.durable}' on stream '${spec.stream}'`;
  if (!isValidName(spec.stream)) problems.push(`${name}: the stream name may hold only letters, digits, '_' and '-'`);
  if (!isValidName(spec.durable)) problems.push(`${name}: a durable name may hold only letters, digits, '_' and '-' (e.g. accounts-transfer)`);
  if (!/^[^\s.]+(\.[^\s.]+)*$/.test(spec.filterSubject)) problems.push(`${name}: filterSubject '${spec.filterSubject}' is not a dotted NATS subject`);
  const positive: Array<[string, number]> = [['maxDeliver', spec.maxDeliver], ['ackWaitMs', spec.ackWaitMs], ['maxAckPending', spec.maxAckPending]];
  for (const [field, value] of positive) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name}: ${field} is ${value}; it must be an integer ≥ 1`);
  }
  if (spec.backoffMs) {
    if (spec.backoffMs.some((ms) => !Number.isInteger(ms) || ms < 1)) problems.push(`${name}: backoffMs [${spec.backoffMs.join(', ')}] must hold integers ≥ 1`);
    if (spec.backoffMs.length >= spec.maxDeliver) {
      problems.push(`${name}: backoffMs has ${spec.backoffMs.length} values but maxDeliver is ${spec.maxDeliver}; the server requires maxDeliver > the number of backoff values, so raise maxDeliver or drop values`);
    }
  }
  return problems;
}

/** The server configuration a spec asks for: a durable pull consumer with explicit acks, from the stream's start. */
export function consumerConfig(spec: ConsumerSpec): DesiredConsumer {
  return {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    filter_subject: spec.filterSubject,
    max_deliver: spec.maxDeliver,
    ack_wait: nanos(spec.ackWaitMs),
    backoff: spec.backoffMs && spec.backoffMs.length > 0 ? spec.backoffMs.map((ms) => nanos(ms)) : undefined,
    max_ack_pending: spec.maxAckPending,
    description: spec.description,
  };
}

/**
 * Creates the durable consumer, or updates it to match; its position in the stream is kept. With
 * `backoffMs` the server uses the first backoff value as the ack wait. Rejects with a `ConfigError`
 * when the spec is invalid, the stream does not exist, the consumer exists as something that cannot
 * change (a push consumer, another ack or deliver policy, another filter subject), or the server
 * refuses the update.
 */
export async function provisionConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<Provisioned> {
  const problems = checkConsumerSpec(spec);
  if (problems.length > 0) throw new ConfigError(problems);
  const desired = consumerConfig(spec);
  const existing = await readConsumer(jsm, spec);
  if (!existing) {
    try {
      await jsm.consumers.add(spec.stream, desired);
      return 'created';
    } catch (error) {
      throw refused(spec, 'create', error);
    }
  }
  const fixed = immutableDifference(existing, desired);
  if (fixed) {
    throw new ConfigError([
      `consumer '${spec.durable}' on stream '${spec.stream}' exists ${fixed}, which cannot change; use another durable name, ` +
        `or delete it (nats consumer rm ${spec.stream} ${spec.durable}), which forgets what it has delivered`,
    ]);
  }
  if (sameConsumer(existing, desired)) return 'unchanged';
  const { durable_name: _d, ack_policy: _a, deliver_policy: _p, replay_policy: _r, ...update } = desired;
  try {
    await jsm.consumers.update(spec.stream, spec.durable, update);
    return 'updated';
  } catch (error) {
    throw refused(spec, 'update', error);
  }
}

async function readConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<ConsumerConfig | undefined> {
  try {
    return (await jsm.consumers.info(spec.stream, spec.durable)).config;
  } catch (error) {
    const code = apiErrorCode(error);
    if (code === JsApiError.consumerNotFound) return undefined;
    if (code === JsApiError.streamNotFound) {
      throw new ConfigError([`consumer '${spec.durable}' needs stream '${spec.stream}', which does not exist: provision the stream (ensureStream) before its consumers`]);
    }
    throw new JetboxError('TRANSPORT', `cannot read consumer '${spec.durable}' on stream '${spec.stream}': ${causeText(error)}`, { cause: error });
  }
}

function immutableDifference(existing: ConsumerConfig, desired: DesiredConsumer): string | undefined {
  if (existing.deliver_subject) return `as a push consumer (deliver_subject '${existing.deliver_subject}'), not a pull consumer`;
  if (existing.ack_policy !== desired.ack_policy) return `with ack_policy '${existing.ack_policy}' (Jetbox needs 'explicit')`;
  if (existing.deliver_policy !== desired.deliver_policy) return `with deliver_policy '${existing.deliver_policy}' (Jetbox needs 'all')`;
  // NATS 2.9 accepts a new filter in place, then holds each new message back for seconds.
  if (existing.filter_subject !== desired.filter_subject) return `reading '${existing.filter_subject ?? '>'}' (this handler reads '${desired.filter_subject}')`;
  return undefined;
}

function sameConsumer(existing: ConsumerConfig, desired: DesiredConsumer): boolean {
  const backoff = (values?: readonly number[]) => (values ?? []).join(',');
  return (
    existing.max_deliver === desired.max_deliver &&
    // With a backoff the server replaces ack_wait by its first value.
    (desired.backoff !== undefined || existing.ack_wait === desired.ack_wait) &&
    backoff(existing.backoff) === backoff(desired.backoff) &&
    existing.max_ack_pending === desired.max_ack_pending &&
    (existing.description ?? '') === (desired.description ?? '')
  );
}

function refused(spec: ConsumerSpec, action: 'create' | 'update', error: unknown): JetboxError {
  const name = `consumer '${spec.durable}' on stream '${spec.stream}'`;
  if (apiErrorCode(error) === undefined) return new JetboxError('TRANSPORT', `cannot ${action} ${name}: ${causeText(error)}`, { cause: error });
  const problem = `${name}: the server refused to ${action} it: ${causeText(error)}; change the consumer's settings, or use another durable name`;
  return Object.assign(new ConfigError([problem]), { cause: error });
}
