import { JetboxMigrations } from '@jetbox/typeorm';
import type { MigrationInterface } from 'typeorm';
import { AccountEntry } from '../accounts/account-entry.entity';
import { Account } from '../accounts/account.entity';
import { BankingAccounts1764800000001 } from '../accounts/accounts.migration';
import { BankingApi1764800000004 } from '../api/api.migration';
import { IdempotencyKey } from '../api/idempotency-key.entity';
import { BankingLedger1764800000003 } from '../ledger/ledger.migration';
import { StatementLine } from '../ledger/statement-line.entity';
import { Transfer } from '../transfers/transfer.entity';
import { BankingTransfers1764800000002 } from '../transfers/transfers.migration';

/** Every entity of the four services. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const BANKING_ENTITIES: Function[] = [Account, AccountEntry, Transfer, StatementLine, IdempotencyKey];

/** Jetbox's outbox and inbox tables, then each service's own, oldest first. */
export const BANKING_MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [
  ...JetboxMigrations,
  BankingAccounts1764800000001,
  BankingTransfers1764800000002,
  BankingLedger1764800000003,
  BankingApi1764800000004,
];
