import { ConfigError } from '@jetbox/core';
import type { DataSource } from 'typeorm';
import { dialectOf } from './store/dialect';

/** An InnoDB isolation level for the relay's transaction. */
export type RelayIsolation = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** Options of {@link typeormOutbox}. */
export interface TypeOrmOutboxOptions {
  /**
   * The application's DataSource (`mariadb`, `mysql` or `better-sqlite3`), initialized before the
   * store is used. Its database must hold the tables of `JetboxMigrations`. The store never closes it.
   */
  readonly dataSource: DataSource;
  /**
   * Isolation of the relay's transaction on MySQL/MariaDB. Default `READ COMMITTED`: a claim then
   * sees rows committed after the batch began, and InnoDB takes no gap locks, which keeps
   * concurrent relays and writers from deadlocking each other. Ignored on SQLite.
   */
  readonly relayIsolation?: RelayIsolation;
  /**
   * How many times a relay batch is retried after a deadlock or lock-wait timeout before the error
   * is thrown. Default 5.
   */
  readonly lockRetries?: number;
  /**
   * Called before each such retry, with the error and the retry's number (1, 2, …): for logs and
   * metrics. Its batch may already have been published; the retry publishes it again. Default: none.
   */
  readonly onLockRetry?: (error: unknown, retry: number) => void;
}

/** {@link TypeOrmOutboxOptions} with every default filled in. */
export type ResolvedTypeOrmOutboxOptions = Required<Omit<TypeOrmOutboxOptions, 'onLockRetry'>> & Pick<TypeOrmOutboxOptions, 'onLockRetry'>;

const ISOLATION_LEVELS: readonly RelayIsolation[] = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];

/** Fills in the defaults; a ConfigError listing every problem found otherwise. */
export function resolveTypeOrmOutboxOptions(options: TypeOrmOutboxOptions): ResolvedTypeOrmOutboxOptions {
  const problems: string[] = [];
  const dataSource = options?.dataSource as DataSource | undefined;
  if (!dataSource || typeof dataSource !== 'object' || !dataSource.options) {
    problems.push('typeormOutbox: `dataSource` is required: pass your TypeORM DataSource');
  } else {
    try {
      dialectOf(dataSource.options);
    } catch (error) {
      problems.push(...((error as ConfigError).problems ?? [String(error)]));
    }
  }
  const relayIsolation = options?.relayIsolation ?? 'READ COMMITTED';
  if (!ISOLATION_LEVELS.includes(relayIsolation)) {
    problems.push(`typeormOutbox: relayIsolation '${String(relayIsolation)}' is not one of ${ISOLATION_LEVELS.join(', ')}`);
  }
  const lockRetries = options?.lockRetries ?? 5;
  if (!Number.isInteger(lockRetries) || lockRetries < 0 || lockRetries > 50) {
    problems.push(`typeormOutbox: lockRetries must be an integer from 0 to 50, got ${String(lockRetries)}`);
  }
  if (options?.onLockRetry !== undefined && typeof options.onLockRetry !== 'function') {
    problems.push('typeormOutbox: onLockRetry must be a function');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { dataSource: dataSource!, relayIsolation, lockRetries, onLockRetry: options.onLockRetry };
}
