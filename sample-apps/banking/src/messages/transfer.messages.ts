import { Event } from '@jetbox/core';
import { z } from 'zod';
import { Amount, Id } from './money';

/** A customer asked to move `amount` from one account to another; the saga takes it from here. */
@Event('banking.transfer.requested.v1', { schema: z.object({ transferId: Id, fromAccountId: Id, toAccountId: Id, amount: Amount }) })
export class TransferRequested {
  constructor(
    readonly transferId: string,
    readonly fromAccountId: string,
    readonly toAccountId: string,
    readonly amount: number,
  ) {}
}

/** The money left the source and reached the destination. */
@Event('banking.transfer.completed.v1', { schema: z.object({ transferId: Id }) })
export class TransferCompleted {
  constructor(readonly transferId: string) {}
}

/** The transfer failed; any money debited was refunded first. */
@Event('banking.transfer.failed.v1', { schema: z.object({ transferId: Id, reason: z.string().min(1) }) })
export class TransferFailed {
  constructor(
    readonly transferId: string,
    readonly reason: string,
  ) {}
}
