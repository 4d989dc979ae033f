import { resolveTypeOrmOutboxOptions, type TypeOrmOutboxOptions } from './typeorm-outbox.options';
import { TypeOrmOutboxStore } from './typeorm-outbox.store';

/**
 * The outbox store for `Jetbox.create({ outbox: typeormOutbox({ dataSource }) })`. Checks the
 * options at once (a ConfigError says what to change); touches the database only when used.
 */
export function typeormOutbox(options: TypeOrmOutboxOptions): TypeOrmOutboxStore {
  return new TypeOrmOutboxStore(resolveTypeOrmOutboxOptions(options));
}
