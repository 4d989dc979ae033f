import { waitFor } from '@jetbox/testing';
import type { TransferView } from '../api/banking.queries';
import type { BankClient } from '../client/bank.client';

/** Resolves with the transfer once it is no longer pending; rejects after `timeoutMs`. */
export function settledTransfer(bank: BankClient, id: string, timeoutMs = 20_000): Promise<TransferView> {
  return waitFor(
    async () => {
      const transfer = await bank.getTransfer(id);
      return transfer.status === 'pending' ? undefined : transfer;
    },
    { timeoutMs, intervalMs: 25, description: `transfer ${id} to complete or fail` },
  );
}

/** Resolves with the statement once it has `lines` lines (the ledger is built from events, so it lags). */
export function statementWith(bank: BankClient, accountId: string, lines: number, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const statement = await bank.statement(accountId);
      return statement.length >= lines ? statement : undefined;
    },
    { timeoutMs, intervalMs: 25, description: `${lines} statement lines for account ${accountId}` },
  );
}
