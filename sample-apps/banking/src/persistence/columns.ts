import type { ValueTransformer } from 'typeorm';

/**
 * BIGINT columns read back as numbers: MariaDB's driver may hand them over as strings. Every amount
 * here stays far below 2^53 (see `MAX_BALANCE`), so the conversion is exact.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
