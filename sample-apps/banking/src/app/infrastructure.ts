import { memoryTransport, namespaced, type Transport } from '@jetbox/core';
import { nats } from '@jetbox/nats';
import type { DataSource } from 'typeorm';
import type { BankingConfig } from '../config/banking.config';
import { runsEveryRole } from '../config/roles';
import { describeMariaDb, ensureDatabase, mariaDbTarget, openInMemorySqlite, openMariaDb, runBankingMigrations } from '../persistence/database';

/** The servers a banking process runs on. */
export interface Infrastructure {
  /** `production`: NATS JetStream + MariaDB. `embedded`: the in-memory transport + SQLite in memory, one process. */
  readonly mode: 'production' | 'embedded';
  readonly transport: Transport;
  /** Initialized, migrated. */
  readonly dataSource: DataSource;
  /** What it uses, in one line, for the start-up output. */
  readonly summary: string;
  /** Why it runs embedded: one line per server that did not answer, saying how to start it. */
  readonly unreachable: readonly string[];
}

const START_MARIADB = 'start-stop-daemon --start --oknodo --background --exec "$(command -v mariadbd)"';

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/**
 * Connects to NATS (`NATS_URL`) and MariaDB (`DATABASE_URL`, creating the database if missing) and
 * runs the migrations. When either does not answer, a process running every role falls back to the
 * embedded mode (its summary says why); a process running only some roles cannot share work in
 * memory, so it rejects, saying which server to start.
 */
export async function connectInfrastructure(config: BankingConfig): Promise<Infrastructure> {
  const target = mariaDbTarget(config.databaseUrl);
  const natsTransport = nats({ servers: config.natsUrl, name: `banking-${config.roles.join('-')}`, connectTimeoutMs: 2_000 });
  const transport = config.namespace ? namespaced(natsTransport, config.namespace) : natsTransport;
  const [natsProblem, databaseProblem] = await Promise.all([
    transport.connect().then(() => undefined, reasonOf),
    ensureDatabase(target).then(() => undefined, reasonOf),
  ]);
  if (!natsProblem && !databaseProblem) {
    const dataSource = await openMariaDb(target);
    await runBankingMigrations(dataSource);
    return { mode: 'production', transport, dataSource, summary: `${transport.describe()} and ${describeMariaDb(target)}`, unreachable: [] };
  }
  await transport.close().catch(() => undefined);
  const missing = [
    natsProblem && `NATS: ${natsProblem}`,
    databaseProblem && `MariaDB: cannot connect to ${describeMariaDb(target).replace('MariaDB at ', '')} (${databaseProblem}); start it with \`${START_MARIADB}\` or set DATABASE_URL`,
  ].filter((line): line is string => typeof line === 'string');
  if (!runsEveryRole(config.roles)) {
    throw new Error(`cannot run ROLES=${config.roles.join(',')} without both servers: ${missing.join('; ')}. (Only a process with every role may run embedded.)`);
  }
  return embeddedInfrastructure(missing);
}

/**
 * The embedded mode: the in-memory transport and a migrated in-memory SQLite database, for one
 * process running every role. `unreachable` says why (empty when asked for directly, as in tests).
 */
export async function embeddedInfrastructure(unreachable: readonly string[] = []): Promise<Infrastructure> {
  const dataSource = await openInMemorySqlite();
  await runBankingMigrations(dataSource);
  const transport = memoryTransport();
  return { mode: 'embedded', transport, dataSource, summary: `embedded — the ${transport.describe()} and SQLite in memory (nothing is kept after exit)`, unreachable };
}
