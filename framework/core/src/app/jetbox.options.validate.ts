import { ConfigError } from '../errors';
import { isValidName } from '../util';
import { validateRelayOptions } from '../outbox/relay.options';
import type { JetboxOptions } from './jetbox.options';

/** Throws a `ConfigError` listing every problem with the app-level options (not the decorators). */
export function validateAppOptions(options: JetboxOptions): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) throw new ConfigError(['Jetbox.create() needs an options object']);
  if (options.name !== undefined && (typeof options.name !== 'string' || !isValidName(options.name))) {
    problems.push(`name '${String(options.name)}' may hold only letters, digits, '-' and '_'`);
  }
  const container = options.container as { isBound?: unknown; get?: unknown; onActivation?: unknown } | undefined;
  if (!container || typeof container.isBound !== 'function' || typeof container.get !== 'function' || typeof container.onActivation !== 'function') {
    problems.push(`container must be an inversify 7 Container (new Container()); got ${String(options.container)}`);
  }
  const transport = options.transport as { publish?: unknown; subscribe?: unknown } | undefined;
  if (!transport || typeof transport.publish !== 'function' || typeof transport.subscribe !== 'function') {
    problems.push(`transport is missing; pass nats({ servers }) from @jetbox/nats, or memoryTransport() for tests`);
  }
  if (options.services !== undefined && !Array.isArray(options.services)) problems.push('services must be an array of classes');
  if (options.streams !== undefined && !Array.isArray(options.streams)) problems.push('streams must be an array of stream specs');
  if (options.shutdownTimeoutMs !== undefined && !(Number.isFinite(options.shutdownTimeoutMs) && options.shutdownTimeoutMs >= 0)) {
    problems.push(`shutdownTimeoutMs must be ≥ 0 ms (got ${String(options.shutdownTimeoutMs)})`);
  }
  if (options.middleware !== undefined && (!Array.isArray(options.middleware) || !options.middleware.every((m) => typeof m === 'function'))) {
    problems.push('middleware must be an array of functions (invocation, next) => Promise<void>');
  }
  const outbox = options.outbox as { relay?: unknown; transaction?: unknown; write?: unknown } | undefined;
  if (outbox !== undefined && (typeof outbox.relay !== 'function' || typeof outbox.transaction !== 'function' || typeof outbox.write !== 'function')) {
    problems.push('outbox must be an OutboxStore, e.g. typeormOutbox({ dataSource }) from @jetbox/typeorm');
  }
  if (options.relay !== undefined && options.outbox === undefined) problems.push('relay options need an outbox; add outbox: typeormOutbox({ dataSource }) or drop relay');
  problems.push(...validateRelayOptions(options.relay));
  if (problems.length > 0) throw new ConfigError(problems);
}
