import { Publishes, unitOfWork } from '@jetbox/core';
import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { TransferRequested } from '../messages';
import { Transfer } from './transfer.entity';

/** What a client asks to move. */
export interface TransferRequest {
  readonly id: string;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amount: number;
}

/**
 * The transfers service's entry point, called by the api role: records the transfer as pending and
 * writes `TransferRequested` to the outbox in the same transaction, so the saga starts if, and only
 * if, the client was told 202. A caller passing its own unit of work joins that transaction.
 */
@injectable()
export class TransferRequests {
  @Publishes(TransferRequested)
  async request(request: TransferRequest, ctx = unitOfWork<EntityManager>()): Promise<Transfer> {
    const transfer = ctx.manager.create(Transfer, { ...request, status: 'pending', stage: 'requested', reason: null, requestedAt: Date.now(), finishedAt: null });
    await ctx.manager.insert(Transfer, transfer);
    ctx.publish(new TransferRequested(request.id, request.fromAccountId, request.toAccountId, request.amount), { key: request.id });
    return transfer;
  }
}
