import { ConfigError } from '@jetbox/core';
import { parseRoles, type Role } from './roles';

/** How the feed picks its servers: `auto` falls back to embedded when NATS or the database is unreachable. */
export type FeedMode = 'auto' | 'production' | 'embedded';

/** Everything a feed process is configured with. */
export interface FeedConfig {
  /** HTTP port of the `api` role; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  readonly natsUrl: string;
  /** `mysql://user:pass@host:port/database` (MariaDB or MySQL) or `sqlite:<file>`. */
  readonly databaseUrl: string;
  readonly roles: readonly Role[];
  /**
   * Prefixes the streams (`<NS>_SOCIAL`) and subjects (`<ns>.social.…`) of this feed, so several
   * feeds (tests) share one NATS without seeing each other's messages. Unset in production.
   */
  readonly namespace?: string;
  readonly mode: FeedMode;
  /** Followers per fan-out batch (one transaction, one message). */
  readonly fanOutBatchSize: number;
}

/** The defaults of {@link FeedConfig}, in one place. */
export const FEED_DEFAULTS = {
  port: 3001,
  host: '127.0.0.1',
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'mysql://root@127.0.0.1:3306/jetbox_social',
  mode: 'auto',
  fanOutBatchSize: 500,
} as const;

const NAMESPACE = /^[a-z][a-z0-9_]{0,39}$/;
const MODES: readonly FeedMode[] = ['auto', 'production', 'embedded'];

/**
 * Reads `PORT`, `HOST`, `NATS_URL`, `DATABASE_URL`, `ROLES`, `FEED_NAMESPACE`, `FEED_MODE` and
 * `FANOUT_BATCH_SIZE`. Throws one `ConfigError` listing every bad value and what to write instead.
 */
export function readFeedConfig(env: Readonly<Record<string, string | undefined>>): FeedConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`${name}='${raw}' must be a whole number from ${min} to ${max}`);
    return value;
  };
  const port = integer('PORT', FEED_DEFAULTS.port, 0, 65_535);
  const fanOutBatchSize = integer('FANOUT_BATCH_SIZE', FEED_DEFAULTS.fanOutBatchSize, 1, 5_000);
  const { roles, problems: roleProblems } = parseRoles(env['ROLES']);
  problems.push(...roleProblems);
  const namespace = env['FEED_NAMESPACE'] || undefined;
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    problems.push(
      `FEED_NAMESPACE='${namespace}' must be 1–40 characters of a-z, 0-9 and _, starting with a letter`,
    );
  }
  const mode = (env['FEED_MODE'] || FEED_DEFAULTS.mode) as FeedMode;
  if (!MODES.includes(mode)) problems.push(`FEED_MODE='${mode}' must be one of ${MODES.join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env['HOST'] || FEED_DEFAULTS.host,
    natsUrl: env['NATS_URL'] || FEED_DEFAULTS.natsUrl,
    databaseUrl: env['DATABASE_URL'] || FEED_DEFAULTS.databaseUrl,
    roles,
    namespace,
    mode,
    fanOutBatchSize,
  };
}
