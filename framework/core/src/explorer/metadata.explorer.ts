import { JETBOX_DEFAULTS, type JetboxOptions, type ServiceClass } from '../app/jetbox.options';
import { HANDLES, PUBLISHES, readMetadata, type HandlesMetadata, type PublishesMetadata } from '../decorators';
import { ConfigError } from '../errors';
import { getMessageMetadata, isStandardSchema, type MessageClass, type MessageMetadata } from '../messages';
import type { StreamSpec } from '../ports';
import { nominalDelayMs, RETRY_DEFAULTS, validateRetryOptions } from '../retry';
import { isValidMessageType, isValidName, subjectMatches } from '../util';
import { checkStreams } from './stream.checks';
import type { HandlerDefinition, PublisherDefinition, Topology } from './topology';

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();

/**
 * Reads the metadata the decorators recorded on `options.services` and checks it against the
 * container and the streams. Returns the topology, or throws one `ConfigError` listing every problem,
 * each naming the class, method or option and what to change. Connects to nothing.
 */
export function exploreTopology(options: JetboxOptions): Topology {
  const problems: string[] = [];
  const deadLetterStream: StreamSpec = {
    name: options.deadLetter?.stream ?? JETBOX_DEFAULTS.deadLetterStream,
    subjects: [`${options.deadLetter?.subjectPrefix ?? JETBOX_DEFAULTS.deadLetterSubjectPrefix}.>`],
    maxAgeMs: options.deadLetter?.maxAgeMs ?? JETBOX_DEFAULTS.deadLetterMaxAgeMs,
    replicas: options.deadLetter?.replicas,
    description: 'Jetbox dead letters: messages whose handler failed for good, with the error',
  };
  const deadLetterSubjectPrefix = options.deadLetter?.subjectPrefix ?? JETBOX_DEFAULTS.deadLetterSubjectPrefix;
  const streams = [...(options.streams ?? [])];
  problems.push(...checkStreams([...streams, deadLetterStream]));

  const messages = new Map<string, MessageClass>();
  const messageOf = (cls: unknown, where: string): MessageMetadata | undefined => {
    const name = typeof cls === 'function' ? cls.name : String(cls);
    const metadata = getMessageMetadata(cls);
    if (!metadata) {
      problems.push(`${where}: ${name} is not a message class; decorate it with @Event('<context>.<name>.v1') or @Command(…)`);
      return undefined;
    }
    if (!isValidMessageType(metadata.type)) {
      problems.push(`${name}: message type '${metadata.type}' must be dotted lower-case tokens of [a-z0-9_-], at least two, e.g. 'billing.invoice.paid.v1'`);
    }
    if (metadata.schema !== undefined && !isStandardSchema(metadata.schema)) {
      problems.push(`${name}: schema is not a Standard Schema validator; pass a zod/valibot/arktype schema (zod ≥ 3.24)`);
    }
    const known = messages.get(metadata.type);
    if (known && known !== cls) {
      problems.push(`${name} and ${known.name} both declare type '${metadata.type}'; give each message class its own type`);
    }
    messages.set(metadata.type, cls as MessageClass);
    const covering = streams.filter((s) => s.subjects.some((p) => subjectMatches(p, metadata.type)));
    if (covering.length === 0 && isValidMessageType(metadata.type)) {
      problems.push(`${where}: no declared stream captures '${metadata.type}'; add a stream to 'streams', e.g. { name: '${metadata.type.split('.')[0]!.toUpperCase()}', subjects: ['${metadata.type.split('.')[0]}.>'] }`);
    }
    return metadata;
  };

  const handlers: HandlerDefinition[] = [];
  const publishers: PublisherDefinition[] = [];
  const durables = new Map<string, string>();
  for (const service of options.services ?? []) {
    if (typeof service !== 'function') {
      problems.push(`services contains ${String(service)}, which is not a class`);
      continue;
    }
    const handles = readMetadata<HandlesMetadata>(HANDLES, service);
    const publishes = readMetadata<PublishesMetadata>(PUBLISHES, service);
    if (handles.length === 0 && publishes.length === 0) {
      problems.push(`${service.name} has no @Handles or @Publishes method; remove it from 'services' or decorate a method`);
      continue;
    }
    if (!options.container.isBound(service)) {
      problems.push(`${service.name} is not bound in the container; add container.bind(${service.name}).toSelf().inSingletonScope()`);
    }
    const publishesByMethod = new Map(publishes.map((p) => [p.method, p]));
    for (const p of publishes) {
      const where = `${service.name}.${p.method}`;
      const fn = (service.prototype as Record<string, unknown>)[p.method];
      if (typeof fn !== 'function') continue;
      if (p.messages.length === 0) problems.push(`${where}: @Publishes() lists no message; name the message classes it publishes`);
      p.messages.forEach((m) => messageOf(m, `${where} @Publishes`));
      const parameters = declaredParameterCount(service, p.method, fn);
      if (parameters === 0) {
        problems.push(`${where}: a @Publishes method receives its publishing context as its last parameter; declare one, e.g. (cmd: Cmd, ctx = publishContext())`);
      }
      publishers.push({ service, method: p.method, messages: p.messages, contextIndex: Math.max(0, parameters - 1) });
    }
    for (const h of handles) {
      const definition = resolveHandler(service, h, publishesByMethod.get(h.method), messageOf, problems, streams, options.outbox !== undefined);
      if (!definition) continue;
      const other = durables.get(definition.durable);
      if (other) {
        problems.push(`${service.name}.${h.method} and ${other} both use durable '${definition.durable}'; give one of them another 'durable' in @Handles`);
      } else durables.set(definition.durable, `${service.name}.${h.method}`);
      handlers.push(definition);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { streams, deadLetterStream, deadLetterSubjectPrefix, handlers, publishers, messages };
}

/**
 * Parameters the method declares, defaulted ones included: from `design:paramtypes` (emitted for
 * decorated methods under `emitDecoratorMetadata`), else `Function.length`, which stops at the first default.
 */
function declaredParameterCount(service: ServiceClass, method: string, fn: { length: number }): number {
  const types: unknown = Reflect.getMetadata('design:paramtypes', service.prototype as object, method);
  return Array.isArray(types) ? types.length : fn.length;
}

function resolveHandler(
  service: ServiceClass,
  h: HandlesMetadata,
  publishes: PublishesMetadata | undefined,
  messageOf: (cls: unknown, where: string) => MessageMetadata | undefined,
  problems: string[],
  streams: readonly StreamSpec[],
  hasOutbox: boolean,
): HandlerDefinition | undefined {
  const where = `${service.name}.${h.method}`;
  const before = problems.length;
  if (typeof (service.prototype as Record<string, unknown>)[h.method] !== 'function') {
    problems.push(`${where}: @Handles is on something that is not a method`);
  }
  const metadata = messageOf(h.message, `${where} @Handles`);
  const o = h.options ?? {};
  const durable = o.durable ?? `${kebab(service.name)}-${kebab(h.method)}`;
  if (!isValidName(durable)) problems.push(`${where}: durable '${durable}' may hold only letters, digits, '-' and '_'`);
  const concurrency = o.concurrency ?? JETBOX_DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    problems.push(`${where}: concurrency must be a whole number ≥ 1 (got ${String(concurrency)})`);
  }
  const prefetch = o.prefetch ?? concurrency;
  if (o.prefetch !== undefined && (!Number.isInteger(prefetch) || prefetch < 1)) problems.push(`${where}: prefetch must be a whole number ≥ 1 (got ${String(prefetch)})`);
  const maxAckPending = o.maxAckPending ?? Math.max(JETBOX_DEFAULTS.maxAckPending, concurrency);
  if (o.maxAckPending !== undefined && (!Number.isInteger(maxAckPending) || maxAckPending < concurrency)) {
    problems.push(`${where}: maxAckPending must be a whole number ≥ concurrency (${String(concurrency)}); got ${String(maxAckPending)}`);
  }
  const timeoutMs = o.timeoutMs ?? JETBOX_DEFAULTS.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    problems.push(`${where}: timeoutMs must be a number of ms > 0 (got ${String(timeoutMs)})`);
  }
  problems.push(...validateRetryOptions(o.retry, where));
  if (o.idempotent !== undefined && typeof o.idempotent !== 'boolean') problems.push(`${where}: idempotent must be true or false`);
  if (o.idempotent === true && !hasOutbox) {
    problems.push(`${where}: idempotent handling records each message in the inbox table; configure an outbox (outbox: typeormOutbox({ dataSource })) or drop idempotent`);
  }
  if (problems.length > before || !metadata) return undefined;

  const retry = { ...RETRY_DEFAULTS, ...o.retry };
  const stream = streams.find((s) => s.subjects.some((p) => subjectMatches(p, metadata.type)))!;
  const ackWaitMs = Math.ceil(timeoutMs) + JETBOX_DEFAULTS.ackGraceMs;
  return {
    service,
    method: h.method,
    message: h.message,
    metadata,
    durable,
    concurrency,
    prefetch,
    idempotent: o.idempotent ?? hasOutbox,
    timeoutMs,
    retry,
    publishes: publishes?.messages,
    consumer: {
      stream: stream.name,
      durable,
      filterSubject: metadata.type,
      // One delivery more than the attempts: a last attempt that never answered is dead-lettered, not dropped.
      maxDeliver: retry.maxDeliver + 1,
      ackWaitMs,
      backoffMs: Array.from({ length: retry.maxDeliver }, (_, i) => ackWaitMs + nominalDelayMs(retry, i + 1)),
      maxAckPending,
      description: `Jetbox handler ${where} for ${metadata.type}`,
    },
  };
}
