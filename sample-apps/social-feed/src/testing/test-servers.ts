import { MARIADB, NATS_URL, requireMariaDb, requireNats, uniqueSubjectToken } from '@jetbox/testing';
import { connect } from 'nats';
import { DataSource } from 'typeorm';
import type { FeedConfig } from '../config/feed.config';
import type { Role } from '../config/roles';

/** Fails, saying how to start them, unless NATS and MariaDB accept connections. Call it in `beforeAll`. */
export async function requireServers(): Promise<void> {
  await requireNats();
  await requireMariaDb();
}

/**
 * A feed configuration of a test's own, in production mode (never embedded): a unique namespace for
 * its streams and subjects, and a database of the same unique name, created at start.
 */
export function testFeedConfig(roles: readonly Role[], overrides: Partial<FeedConfig> = {}): FeedConfig {
  const namespace = uniqueSubjectToken('feed');
  return {
    port: 0,
    host: '127.0.0.1',
    natsUrl: NATS_URL,
    databaseUrl: `mysql://root@${MARIADB.host}:${MARIADB.port}/${namespace}`,
    roles,
    namespace,
    mode: 'production',
    fanOutBatchSize: 500,
    ...overrides,
  };
}

/** The environment that gives a child feed process the same configuration. */
export function feedEnvironment(config: FeedConfig): Record<string, string> {
  return {
    PORT: String(config.port),
    HOST: config.host,
    NATS_URL: config.natsUrl,
    DATABASE_URL: config.databaseUrl,
    ROLES: config.roles.join(','),
    FEED_NAMESPACE: config.namespace ?? '',
    FEED_MODE: config.mode,
    FANOUT_BATCH_SIZE: String(config.fanOutBatchSize),
  };
}

/** The stream names of a namespaced feed on the server. */
export function feedStreams(config: FeedConfig): { readonly stream: string; readonly deadLetters: string } {
  const prefix = `${config.namespace!.toUpperCase()}_`;
  return { stream: `${prefix}SOCIAL`, deadLetters: `${prefix}SOCIAL_DLQ` };
}

/** Deletes what a test's feed left on the servers: its database and its two streams. */
export async function dropFeedResources(config: FeedConfig): Promise<void> {
  const database = new URL(config.databaseUrl).pathname.slice(1);
  const admin = new DataSource({
    type: 'mariadb',
    host: MARIADB.host,
    port: MARIADB.port,
    username: 'root',
    password: '',
  });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.destroy();
  const nc = await connect({ servers: config.natsUrl });
  const jsm = await nc.jetstreamManager();
  const { stream, deadLetters } = feedStreams(config);
  for (const name of [stream, deadLetters]) await jsm.streams.delete(name).catch(() => false);
  await nc.close();
}
