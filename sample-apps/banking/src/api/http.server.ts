import type { Logger } from '@jetbox/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AccountCommands } from '../accounts/account.commands';
import type { TransferRequests } from '../transfers/transfer.requests';
import { BankingQueries } from './banking.queries';
import type { HealthCheck } from './health.check';
import { installErrorHandling } from './http.errors';
import { IdempotentPosts, type StateReader, type TransactionRunner } from './idempotent-posts';
import { registerAccountRoutes } from './routes/accounts.routes';
import { registerTransferRoutes } from './routes/transfers.routes';

/** What the HTTP API needs from the app. */
export interface HttpApiDeps {
  readonly accounts: AccountCommands;
  readonly transfers: TransferRequests;
  /** `app.transaction`: the writes and their messages commit together. */
  readonly transaction: TransactionRunner;
  readonly read: StateReader;
  readonly health: HealthCheck;
  readonly logger: Logger;
}

/** The api role's Fastify server, routes and error handling installed; not listening yet. */
export function buildHttpApi(deps: HttpApiDeps): FastifyInstance {
  const http = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  installErrorHandling(http, deps.logger);
  const queries = new BankingQueries(deps.read);
  const posts = new IdempotentPosts(deps.transaction, deps.read);
  registerAccountRoutes(http, { accounts: deps.accounts, queries, posts });
  registerTransferRoutes(http, { transfers: deps.transfers, queries, posts });
  http.get('/healthz', async (_request, reply) => {
    const report = await deps.health.report();
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
  return http;
}
