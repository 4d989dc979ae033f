import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { In } from 'typeorm';
import { Account } from '../../accounts/account.entity';
import type { TransferRequests } from '../../transfers/transfer.requests';
import type { BankingQueries } from '../banking.queries';
import { HttpError } from '../http-result';
import type { IdempotentPosts } from '../idempotent-posts';
import { parseBody, TransferBody } from '../request.schemas';
import { noAccount } from './accounts.routes';
import { send } from './send';

/** What the transfer routes use. */
export interface TransferRoutesDeps {
  readonly transfers: TransferRequests;
  readonly queries: BankingQueries;
  readonly posts: IdempotentPosts;
}

/** `POST /transfers` (202: the saga runs in the background) and `GET /transfers/:id`. */
export function registerTransferRoutes(http: FastifyInstance, { transfers, queries, posts }: TransferRoutesDeps): void {
  http.post('/transfers', async (request, reply) => {
    const body = parseBody(TransferBody, request.body);
    const result = await posts.run(request, async (uow) => {
      const known = await uow.manager.find(Account, { select: { id: true }, where: { id: In([body.fromAccountId, body.toAccountId]) } });
      const unknown = [body.fromAccountId, body.toAccountId].find((id) => !known.some((account) => account.id === id));
      if (unknown !== undefined) throw noAccount(unknown);
      const transfer = await transfers.request({ id: randomUUID(), ...body }, uow);
      return { status: 202, body: { id: transfer.id, status: 'pending' } };
    });
    return send(reply, result);
  });

  http.get<{ Params: { id: string } }>('/transfers/:id', async (request) => {
    const transfer = await queries.transfer(request.params.id);
    if (!transfer) throw HttpError.notFound(`there is no transfer '${request.params.id}'`);
    return transfer;
  });
}
