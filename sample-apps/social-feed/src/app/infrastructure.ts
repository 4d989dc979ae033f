import { JetboxError, memoryTransport, namespaced, type Logger, type Transport } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import type { DataSource } from 'typeorm';
import type { FeedConfig } from '../config/feed.config';
import { describeDatabase, parseDatabaseUrl, type DatabaseTarget } from '../infra/database-url';
import { openDatabase } from '../infra/database';
import { FEED_SCHEMA } from './feed.schema';

/** The servers a feed process runs on, connected. */
export interface Infrastructure {
  /** `production`: NATS and the configured database; `embedded`: in-memory transport and in-memory SQLite, one process. */
  readonly mode: 'production' | 'embedded';
  readonly transport: Transport;
  readonly dataSource: DataSource;
  /** One line for the start-up log: where each server is. */
  readonly description: string;
}

const EMBEDDED_DATABASE: DatabaseTarget = { kind: 'sqlite', database: ':memory:' };

/**
 * Connects to NATS and opens the database (creating it if missing). In `auto` mode, when either
 * does not answer, says which one and why through `say`, and runs embedded instead; in `production`
 * mode that is an error; `embedded` never tries the servers. The NATS client logs (reconnects) to `logger`.
 */
export async function connectInfrastructure(
  config: FeedConfig,
  say: (line: string) => void,
  logger: Logger,
): Promise<Infrastructure> {
  const target = parseDatabaseUrl(config.databaseUrl);
  if (config.mode === 'embedded') return embedded();
  const natsTransport = nats({
    servers: config.natsUrl,
    name: `social-feed ${config.roles.join(',')}`,
    connectTimeoutMs: 3_000,
    logger,
  });
  const transport = config.namespace ? namespaced(natsTransport, config.namespace) : natsTransport;
  let dataSource: DataSource | undefined;
  try {
    await transport.connect().catch((error: unknown) => {
      throw new JetboxError('CONNECTION', `NATS is not reachable at ${config.natsUrl}: ${reason(error)}`, {
        cause: error,
      });
    });
    dataSource = await openDatabase(target, FEED_SCHEMA).catch((error: unknown) => {
      throw new JetboxError(
        'CONNECTION',
        `the database is not reachable (${describeDatabase(target)}): ${reason(error)}`,
        { cause: error },
      );
    });
    return {
      mode: 'production',
      transport,
      dataSource,
      description: `${transport.describe()}, ${describeDatabase(target)}`,
    };
  } catch (error) {
    await transport.close().catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    if (config.mode === 'production') throw error;
    say(`${reason(error)}`);
    say(
      'Running embedded instead: in-memory transport and an in-memory SQLite database, every role in this process, nothing kept after exit.',
    );
    return embedded();
  }
}

async function embedded(): Promise<Infrastructure> {
  const dataSource = await openDatabase(EMBEDDED_DATABASE, FEED_SCHEMA);
  const transport = memoryTransport();
  return {
    mode: 'embedded',
    transport,
    dataSource,
    description: `${transport.describe()}, ${describeDatabase(EMBEDDED_DATABASE)}`,
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
