import { ConfigError } from '../../errors';
import type { ConsumerSpec, StreamSpec } from '../../ports';
import { isValidName, subjectsOverlap } from '../../util';

/** JetStream's default duplicate window: two minutes. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

/** The stream settings the in-memory transport applies, with JetStream's defaults filled in. */
export interface ResolvedStreamConfig {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly storage: 'file' | 'memory';
  /** 0: no age limit. */
  readonly maxAgeMs: number;
  /** Infinity: no limit. */
  readonly maxBytes: number;
  /** Infinity: no limit. */
  readonly maxMsgs: number;
  readonly duplicateWindowMs: number;
}

/**
 * Why `subject` is not a valid NATS subject, or undefined when it is. Wildcards (`*` a whole token,
 * `>` the whole last token) are accepted only when `wildcards` is true.
 */
export function subjectProblem(subject: string, wildcards: boolean): string | undefined {
  const tokens = subject.split('.');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '' || /\s/.test(token)) return 'use dot-separated, non-empty tokens without spaces';
    const wildcard = token === '*' || token === '>';
    if (wildcard && !wildcards) return 'a concrete subject cannot contain the wildcards * or >';
    if (!wildcard && /[*>]/.test(token)) return "'*' and '>' must be whole tokens";
    if (token === '>' && i !== tokens.length - 1) return "'>' may only be the last token";
  }
  return undefined;
}

/** True when every subject `filter` matches is also matched by `pattern` (NATS subset rule). */
export function subjectIsSubset(filter: string, pattern: string): boolean {
  const f = filter.split('.');
  const p = pattern.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return f.length > i;
    if (i >= f.length || f[i] === '>') return false;
    if (p[i] !== '*' && (f[i] === '*' || f[i] !== p[i])) return false;
  }
  return f.length === p.length;
}

/**
 * Checks `spec` alone and against the other streams, and returns its settings with defaults filled
 * in. Throws a `ConfigError` listing every problem, each naming the stream and what to change.
 */
export function resolveStreamConfig(
  spec: StreamSpec,
  existing: ResolvedStreamConfig | undefined,
  others: readonly ResolvedStreamConfig[],
): ResolvedStreamConfig {
  const problems: string[] = [];
  const name = spec.name;
  if (!isValidName(name))
    problems.push(`stream name '${name}' is invalid: use only letters, digits, '_' and '-'`);
  if (spec.subjects.length === 0)
    problems.push(`stream '${name}' captures no subjects: list at least one in 'subjects'`);
  const seen = new Set<string>();
  for (const subject of spec.subjects) {
    const problem = subjectProblem(subject, true);
    if (problem) problems.push(`stream '${name}' subject '${subject}' is invalid: ${problem}`);
    if (seen.has(subject)) problems.push(`stream '${name}' lists subject '${subject}' twice: list it once`);
    seen.add(subject);
    for (const other of others) {
      const clash = other.subjects.find((theirs) => subjectsOverlap(subject, theirs));
      if (clash !== undefined) {
        problems.push(
          `stream '${name}' subject '${subject}' overlaps subject '${clash}' of stream '${other.name}': ` +
            'a subject may be captured by one stream only; narrow one of them',
        );
      }
    }
  }
  const limit = (field: 'maxAgeMs' | 'maxBytes' | 'maxMsgs' | 'duplicateWindowMs'): number | undefined => {
    const value = spec[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      problems.push(`stream '${name}' ${field} is ${value}: use a finite number, 0 or more`);
    }
    return value;
  };
  const maxAgeMs = limit('maxAgeMs') ?? 0;
  const maxBytes = limit('maxBytes');
  const maxMsgs = limit('maxMsgs');
  const duplicateWindow = limit('duplicateWindowMs');
  if (maxAgeMs > 0 && duplicateWindow !== undefined && duplicateWindow > maxAgeMs) {
    problems.push(
      `stream '${name}' duplicateWindowMs ${duplicateWindow} is longer than maxAgeMs ${maxAgeMs}: ` +
        'shorten the duplicate window or keep messages longer',
    );
  }
  if (
    spec.replicas !== undefined &&
    !(Number.isInteger(spec.replicas) && spec.replicas >= 1 && spec.replicas <= 5)
  ) {
    problems.push(`stream '${name}' replicas is ${spec.replicas}: use a whole number from 1 to 5`);
  }
  const storage = spec.storage ?? 'file';
  if (existing && existing.storage !== storage) {
    problems.push(
      `stream '${name}' exists with storage '${existing.storage}', which cannot change to '${storage}': ` +
        `declare storage '${existing.storage}' or use a new stream name`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    name,
    subjects: [...spec.subjects],
    storage,
    maxAgeMs,
    maxBytes: maxBytes ? maxBytes : Infinity,
    maxMsgs: maxMsgs ? maxMsgs : Infinity,
    // As JetStream: without an explicit window, a short max age shortens the default window.
    duplicateWindowMs:
      duplicateWindow ??
      (maxAgeMs > 0 ? Math.min(maxAgeMs, DEFAULT_DUPLICATE_WINDOW_MS) : DEFAULT_DUPLICATE_WINDOW_MS),
  };
}

/**
 * Checks a consumer against the stream it reads. Throws a `ConfigError` listing every problem,
 * each naming the consumer and what to change.
 */
export function validateConsumerSpec(spec: ConsumerSpec, stream: ResolvedStreamConfig): void {
  const problems: string[] = [];
  const who = `consumer '${spec.durable}' on stream '${spec.stream}'`;
  if (!isValidName(spec.durable))
    problems.push(`${who}: the durable name is invalid; use only letters, digits, '_' and '-'`);
  const subjectError = subjectProblem(spec.filterSubject, true);
  if (subjectError) {
    problems.push(`${who}: filterSubject '${spec.filterSubject}' is invalid: ${subjectError}`);
  } else if (!stream.subjects.some((subject) => subjectIsSubset(spec.filterSubject, subject))) {
    problems.push(
      `${who}: filterSubject '${spec.filterSubject}' is not captured by the stream (subjects: ` +
        `${stream.subjects.join(', ')}); filter on a subject the stream captures`,
    );
  }
  if (!(Number.isInteger(spec.maxDeliver) && spec.maxDeliver >= 1)) {
    problems.push(`${who}: maxDeliver is ${spec.maxDeliver}; use a whole number, 1 or more`);
  }
  if (!(Number.isFinite(spec.ackWaitMs) && spec.ackWaitMs > 0)) {
    problems.push(`${who}: ackWaitMs is ${spec.ackWaitMs}; use a finite number above 0`);
  }
  if (!(Number.isInteger(spec.maxAckPending) && spec.maxAckPending >= 1)) {
    problems.push(`${who}: maxAckPending is ${spec.maxAckPending}; use a whole number, 1 or more`);
  }
  const backoff = spec.backoffMs ?? [];
  if (backoff.some((ms) => !(Number.isFinite(ms) && ms > 0))) {
    problems.push(`${who}: backoffMs [${backoff.join(', ')}] must hold finite numbers above 0`);
  }
  if (backoff.length > 0 && backoff.length >= spec.maxDeliver) {
    problems.push(
      `${who}: backoffMs has ${backoff.length} values but maxDeliver is ${spec.maxDeliver}; ` +
        'give fewer backoff values than maxDeliver',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
