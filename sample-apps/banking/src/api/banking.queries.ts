import { Account } from '../accounts/account.entity';
import { StatementLine } from '../ledger/statement-line.entity';
import { Transfer, type TransferStatus } from '../transfers/transfer.entity';
import type { StateReader } from './idempotent-posts';

/** `GET /accounts/:id`. */
export interface AccountView {
  readonly id: string;
  readonly owner: string;
  readonly currency: string;
  readonly balance: number;
}

/** `GET /transfers/:id`; `reason` only when it failed. */
export interface TransferView {
  readonly id: string;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amount: number;
  readonly status: TransferStatus;
  readonly reason?: string;
}

/** One line of `GET /accounts/:id/statement`: signed amount (negative when money left), ISO time. */
export interface StatementLineView {
  readonly type: string;
  readonly amount: number;
  readonly transferId?: string;
  readonly at: string;
}

/** The shape `GET /accounts/:id` answers with. */
export function accountView(account: Account): AccountView {
  return { id: account.id, owner: account.owner, currency: account.currency, balance: account.balance };
}

/** What the api reads: each service's tables, as they are committed. */
export class BankingQueries {
  constructor(private readonly read: StateReader) {}

  /** The account, or undefined when there is none with this id. */
  async account(id: string): Promise<AccountView | undefined> {
    const account = await this.read((manager) => manager.findOneBy(Account, { id }));
    return account ? accountView(account) : undefined;
  }

  /** The transfer, or undefined when there is none with this id. */
  async transfer(id: string): Promise<TransferView | undefined> {
    const transfer = await this.read((manager) => manager.findOneBy(Transfer, { id }));
    if (!transfer) return undefined;
    const { fromAccountId, toAccountId, amount, status, reason } = transfer;
    return { id, fromAccountId, toAccountId, amount, status, ...(status === 'failed' && reason ? { reason } : {}) };
  }

  /** The account's statement, oldest first; undefined when the account does not exist. */
  async statement(accountId: string): Promise<StatementLineView[] | undefined> {
    return this.read(async (manager) => {
      if (!(await manager.existsBy(Account, { id: accountId }))) return undefined;
      const lines = await manager.find(StatementLine, { where: { accountId }, order: { seq: 'ASC' } });
      return lines.map((line) => ({ type: line.type, amount: line.amount, ...(line.transferId ? { transferId: line.transferId } : {}), at: new Date(line.at).toISOString() }));
    });
  }
}
