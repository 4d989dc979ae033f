import { ConfigError, JetboxError, isValidName, type StreamSpec } from '@jetbox/core';
import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from 'nats';
import { apiErrorCode, causeText, JsApiError } from './nats-error.translate';

/** What a provisioning call did. */
export type Provisioned = 'created' | 'updated' | 'unchanged';

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

type DesiredStream = Pick<StreamConfig, 'name' | 'subjects' | 'storage' | 'max_age' | 'max_bytes' | 'max_msgs' | 'num_replicas' | 'duplicate_window' | 'description'>;

/** Every problem with a stream spec that the server would reject less clearly. */
export function checkStreamSpec(spec: StreamSpec): string[] {
  const problems: string[] = [];
  const name = `stream '${spec.name}'`;
  if (!isValidName(spec.name)) problems.push(`${name}: a stream name may hold only letters, digits, '_' and '-' (e.g. BANKING)`);
  if (spec.subjects.length === 0) problems.push(`${name} has no subjects: give it at least one, e.g. '${spec.name.toLowerCase()}.>'`);
  for (const subject of spec.subjects) {
    if (!/^[^\s.]+(\.[^\s.]+)*$/.test(subject)) problems.push(`${name}: subject '${subject}' is not a dotted NATS subject such as 'banking.>'`);
  }
  for (const [field, value] of [['maxAgeMs', spec.maxAgeMs], ['maxBytes', spec.maxBytes], ['maxMsgs', spec.maxMsgs], ['duplicateWindowMs', spec.duplicateWindowMs]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) problems.push(`${name}: ${field} is ${value}; it must be an integer ≥ 0`);
  }
  if (spec.replicas !== undefined && ![1, 3, 5].includes(spec.replicas)) problems.push(`${name}: replicas is ${spec.replicas}; use 1, 3 or 5`);
  if (spec.storage !== undefined && spec.storage !== 'file' && spec.storage !== 'memory') problems.push(`${name}: storage is '${String(spec.storage)}'; use 'file' or 'memory'`);
  if (spec.maxAgeMs && spec.duplicateWindowMs && spec.duplicateWindowMs > spec.maxAgeMs) {
    problems.push(`${name}: duplicateWindowMs (${spec.duplicateWindowMs}) is longer than maxAgeMs (${spec.maxAgeMs}); the server refuses that, so shorten the window or keep messages longer`);
  }
  return problems;
}

/** The server configuration a spec asks for. Absent limits are unlimited; the window defaults to 2 minutes (at most `maxAgeMs`). */
export function streamConfig(spec: StreamSpec): DesiredStream {
  const maxAgeMs = spec.maxAgeMs ?? 0;
  const windowMs = spec.duplicateWindowMs ?? (maxAgeMs > 0 ? Math.min(maxAgeMs, DEFAULT_DUPLICATE_WINDOW_MS) : DEFAULT_DUPLICATE_WINDOW_MS);
  return {
    name: spec.name,
    subjects: [...spec.subjects],
    storage: spec.storage === 'memory' ? StorageType.Memory : StorageType.File,
    max_age: nanos(maxAgeMs),
    max_bytes: spec.maxBytes ?? -1,
    max_msgs: spec.maxMsgs ?? -1,
    num_replicas: spec.replicas ?? 1,
    duplicate_window: nanos(windowMs),
    description: spec.description,
  };
}

/**
 * Creates the stream, or updates it to match the spec; never deletes it or its messages. The
 * stream's subjects become exactly the spec's. Rejects with a `ConfigError` naming the stream when the
 * spec is invalid, asks to change the storage type, or the server refuses (e.g. subjects that
 * overlap another stream); with a `JetboxError` (`TRANSPORT`) when the server cannot be asked.
 */
export async function provisionStream(jsm: JetStreamManager, spec: StreamSpec): Promise<Provisioned> {
  const problems = checkStreamSpec(spec);
  if (problems.length > 0) throw new ConfigError(problems);
  const desired = streamConfig(spec);
  let existing = await readStream(jsm, spec.name);
  if (!existing) {
    try {
      await jsm.streams.add({ ...desired, retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old });
      return 'created';
    } catch (error) {
      if (apiErrorCode(error) !== JsApiError.streamNameInUse) throw await refused(jsm, spec, 'create', error);
      existing = await readStream(jsm, spec.name);
      if (!existing) throw await refused(jsm, spec, 'create', error);
    }
  }
  if (existing.storage !== desired.storage) {
    throw new ConfigError([
      `stream '${spec.name}' exists with storage '${existing.storage}' but the spec asks for '${desired.storage}': the storage type of a stream cannot change; ` +
        `set storage: '${existing.storage}', or move the messages to a stream with a new name`,
    ]);
  }
  if (sameStream(existing, desired)) return 'unchanged';
  const { name: _name, storage: _storage, ...update } = desired;
  try {
    await jsm.streams.update(spec.name, update);
    return 'updated';
  } catch (error) {
    throw await refused(jsm, spec, 'update', error);
  }
}

async function readStream(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (apiErrorCode(error) === JsApiError.streamNotFound) return undefined;
    throw new JetboxError('TRANSPORT', `cannot read stream '${name}': ${causeText(error)}`, { cause: error });
  }
}

function sameStream(existing: StreamConfig, desired: DesiredStream): boolean {
  const sorted = (subjects: readonly string[]) => [...subjects].sort().join(' ');
  return (
    sorted(existing.subjects ?? []) === sorted(desired.subjects) &&
    existing.max_age === desired.max_age &&
    existing.max_bytes === desired.max_bytes &&
    existing.max_msgs === desired.max_msgs &&
    existing.num_replicas === desired.num_replicas &&
    existing.duplicate_window === desired.duplicate_window &&
    (existing.description ?? '') === (desired.description ?? '')
  );
}

async function refused(jsm: JetStreamManager, spec: StreamSpec, action: 'create' | 'update', error: unknown): Promise<JetboxError> {
  if (apiErrorCode(error) === undefined) {
    return new JetboxError('TRANSPORT', `cannot ${action} stream '${spec.name}': ${causeText(error)}`, { cause: error });
  }
  const subjects = spec.subjects.map((s) => `'${s}'`).join(', ');
  let problem = `stream '${spec.name}': the server refused to ${action} it: ${causeText(error)}; change the spec to settings the server accepts`;
  if (apiErrorCode(error) === JsApiError.subjectsOverlap) {
    const others = await overlapping(jsm, spec);
    const whom = others.length > 0 ? `stream ${others.map((o) => `'${o}'`).join(', ')}` : 'another stream';
    problem = `stream '${spec.name}' cannot ${action === 'create' ? 'be created' : 'be updated'}: its subjects ${subjects} overlap those of ${whom}; a subject belongs to one stream only, so give each stream subjects the others do not capture`;
  }
  return Object.assign(new ConfigError([problem]), { cause: error });
}

async function overlapping(jsm: JetStreamManager, spec: StreamSpec): Promise<string[]> {
  const names = new Set<string>();
  try {
    for (const subject of spec.subjects) {
      for await (const name of jsm.streams.names(subject)) if (name !== spec.name) names.add(name);
    }
  } catch {
    // Naming the other stream is a courtesy: the error is clear without it.
  }
  return [...names].sort();
}
