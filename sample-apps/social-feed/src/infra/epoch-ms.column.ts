import type { ColumnOptions, ValueTransformer } from 'typeorm';

/** BIGINT columns come back as strings from mysql2 (TypeORM asks for big-number strings): read them as numbers. */
const asNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * A point in time as milliseconds since the epoch, in a BIGINT: compares and orders the same way on
 * MariaDB and SQLite, with no time-zone conversion in either driver.
 */
export function epochMsColumn(name: string): ColumnOptions {
  return { name, type: 'bigint', transformer: asNumber };
}
