import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AccountCommands, CounterResult } from '../../accounts/account.commands';
import { accountView, type BankingQueries } from '../banking.queries';
import { HttpError, type HttpResult } from '../http-result';
import type { IdempotentPosts } from '../idempotent-posts';
import { AmountBody, OpenAccountBody, parseBody } from '../request.schemas';
import { send } from './send';

/** What the account routes use. */
export interface AccountRoutesDeps {
  readonly accounts: AccountCommands;
  readonly queries: BankingQueries;
  readonly posts: IdempotentPosts;
}

type ById = { Params: { id: string } };

/** `POST /accounts`, `GET /accounts/:id`, deposits, withdrawals and the statement. */
export function registerAccountRoutes(http: FastifyInstance, { accounts, queries, posts }: AccountRoutesDeps): void {
  http.post('/accounts', async (request, reply) => {
    const { owner } = parseBody(OpenAccountBody, request.body);
    const result = await posts.run(request, async (uow) => ({ status: 201, body: accountView(await accounts.open(randomUUID(), owner, uow)) }));
    return send(reply, result);
  });

  http.get<ById>('/accounts/:id', async (request) => {
    const account = await queries.account(request.params.id);
    if (!account) throw noAccount(request.params.id);
    return account;
  });

  http.post<ById>('/accounts/:id/deposits', async (request, reply) => {
    const { amount } = parseBody(AmountBody, request.body);
    const { id } = request.params;
    return send(reply, await posts.run(request, async (uow) => counterAnswer(id, await accounts.deposit(id, amount, uow))));
  });

  http.post<ById>('/accounts/:id/withdrawals', async (request, reply) => {
    const { amount } = parseBody(AmountBody, request.body);
    const { id } = request.params;
    return send(reply, await posts.run(request, async (uow) => counterAnswer(id, await accounts.withdraw(id, amount, uow))));
  });

  http.get<ById>('/accounts/:id/statement', async (request) => {
    const statement = await queries.statement(request.params.id);
    if (!statement) throw noAccount(request.params.id);
    return statement;
  });
}

/** 201 with the balance; 409 for a refusal that is the answer (stored with the key); 404 thrown (rolled back). */
function counterAnswer(accountId: string, result: CounterResult): HttpResult {
  if (result.ok) return { status: 201, body: { accountId, balance: result.balance } };
  switch (result.reason) {
    case 'account_not_found':
      throw noAccount(accountId);
    case 'insufficient_funds':
      return { status: 409, body: { error: 'insufficient_funds' } };
    case 'account_closed':
      return { status: 409, body: { error: 'account_closed', message: `account '${accountId}' is closed` } };
    case 'balance_limit':
      return { status: 409, body: { error: 'balance_limit', message: `account '${accountId}' would exceed the largest balance an account may hold` } };
  }
}

/** 404 for an account id nobody opened. */
export function noAccount(id: string): HttpError {
  return HttpError.notFound(`there is no account '${id}'; create one with POST /accounts`);
}
