import { Jetbox, type Logger, type ServiceClass, type UnitOfWork } from '@jetbox/core';
import { typeormOutbox } from '@jetbox/typeorm';
import type { FastifyInstance } from 'fastify';
import { Container } from 'inversify';
import type { EntityManager } from 'typeorm';
import { AccountBook } from '../accounts/account.book';
import { AccountCommands } from '../accounts/account.commands';
import { AccountsService } from '../accounts/accounts.service';
import { HealthCheck } from '../api/health.check';
import { buildHttpApi } from '../api/http.server';
import type { StateReader, TransactionRunner } from '../api/idempotent-posts';
import type { BankingConfig } from '../config/banking.config';
import type { Role } from '../config/roles';
import { LedgerProjection } from '../ledger/ledger.projection';
import { TransferRequests } from '../transfers/transfer.requests';
import { TransferSaga } from '../transfers/transfer.saga';
import type { Infrastructure } from './infrastructure';
import { BANKING_STREAMS } from './streams';

/** The services each role runs. The api role calls its services' commands; the others handle messages. */
const SERVICES_BY_ROLE: Record<Role, readonly ServiceClass[]> = {
  api: [AccountCommands, TransferRequests],
  accounts: [AccountsService],
  transfers: [TransferSaga],
  ledger: [LedgerProjection],
};

/** What this process's handlers did since start. */
export interface HandlingStats {
  /** Messages handled (the handler ran and committed). */
  readonly handled: number;
  /** Redeliveries of messages already handled: acknowledged through the inbox without running the handler. */
  readonly duplicates: number;
  /** Failed attempts that will be retried. */
  readonly retried: number;
  readonly deadLettered: number;
}

/** A banking process: the Jetbox app of its roles, and the HTTP API when it has the api role. */
export interface BankingApp {
  readonly jetbox: Jetbox;
  /** Every service, bound; get one to call it in process (tests, the demo). */
  readonly container: Container;
  readonly roles: readonly Role[];
  readonly infrastructure: Infrastructure;
  /** The api role's server; undefined without that role. */
  readonly http?: FastifyInstance;
  /** A snapshot of what this process's handlers did. */
  stats(): HandlingStats;
  /** Starts the consumers and the relay, then listens (api role). Resolves with the HTTP address, if any. */
  start(): Promise<string | undefined>;
  /** Stops listening, drains the handlers and the relay, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link createBankingApp}. */
export interface BankingAppOptions {
  readonly config: BankingConfig;
  readonly infrastructure: Infrastructure;
  readonly logger: Logger;
  /** Where the api role listens: default `localhost` (every loopback address). */
  readonly host?: string;
}

/** Builds the container and the Jetbox app of `config.roles`; connects to nothing more. */
export async function createBankingApp({ config, infrastructure, logger, host = 'localhost' }: BankingAppOptions): Promise<BankingApp> {
  const container = new Container();
  for (const service of [AccountBook, AccountCommands, AccountsService, TransferRequests, TransferSaga, LedgerProjection]) container.bind(service).toSelf().inSingletonScope();
  const { dataSource, transport } = infrastructure;
  const stats = { handled: 0, duplicates: 0, retried: 0, deadLettered: 0 };
  const jetbox = await Jetbox.create({
    name: 'banking',
    container,
    services: config.roles.flatMap((role) => SERVICES_BY_ROLE[role]),
    transport,
    outbox: typeormOutbox({ dataSource }),
    // Rows committed by another process that died before relaying them are found by this poll.
    relay: { pollIntervalMs: 250 },
    ...BANKING_STREAMS,
    logger,
    hooks: {
      onHandled: (outcome) => (outcome.duplicate ? stats.duplicates++ : stats.handled++),
      onRetry: () => stats.retried++,
      onDeadLettered: () => stats.deadLettered++,
    },
    shutdownTimeoutMs: 10_000,
  });

  const transaction: TransactionRunner = (work) => jetbox.transaction((uow: UnitOfWork<EntityManager>) => work(uow));
  // SQLite has one connection: reads join the store's queue so they never see another transaction's uncommitted rows.
  const read: StateReader = infrastructure.mode === 'embedded' ? (fn) => transaction((uow) => fn(uow.manager)) : (fn) => fn(dataSource.manager);
  const http = config.roles.includes('api')
    ? buildHttpApi({
        accounts: container.get(AccountCommands),
        transfers: container.get(TransferRequests),
        transaction,
        read,
        health: new HealthCheck(transport, read),
        logger,
      })
    : undefined;

  let stopped: Promise<void> | undefined;
  return {
    jetbox,
    container,
    roles: config.roles,
    infrastructure,
    http,
    stats: () => ({ ...stats }),
    async start() {
      await jetbox.start();
      return http?.listen({ port: config.port, host });
    },
    stop() {
      stopped ??= (async () => {
        await http?.close();
        await jetbox.stop();
        if (dataSource.isInitialized) await dataSource.destroy();
      })();
      return stopped;
    },
  };
}
