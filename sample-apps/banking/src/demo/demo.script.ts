import type { BankClient } from '../client/bank.client';

/** What the demo did, for the summary it prints. */
export interface DemoOutcome {
  readonly transferStatus: string;
  readonly elapsedMs: number;
}

const euros = (cents: number) => `${cents < 0 ? '−' : ''}${(Math.abs(cents) / 100).toFixed(2)} EUR`;

/**
 * Opens two accounts, deposits into one, transfers to the other, waits (up to `timeoutMs`) for the
 * transfer to complete and for the ledger to catch up, and prints each step through `say`.
 */
export async function runDemo(bank: BankClient, say: (line: string) => void, timeoutMs = 30_000): Promise<DemoOutcome> {
  const alice = await bank.openAccount('Alice');
  const bob = await bank.openAccount('Bob');
  say(`opened   Alice ${alice.id}`);
  say(`opened   Bob   ${bob.id}`);
  const deposit = await bank.deposit(alice.id, 10_000);
  say(`deposit  10 000 cents to Alice → balance ${euros(deposit.balance)}`);

  const started = Date.now();
  const { id } = await bank.transfer(alice.id, bob.id, 2_500);
  say(`transfer ${id}: 2 500 cents Alice → Bob, 202 pending`);
  const deadline = started + timeoutMs;
  let transfer = await bank.getTransfer(id);
  while (transfer.status === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    transfer = await bank.getTransfer(id);
  }
  const elapsedMs = Date.now() - started;
  say(`transfer ${id}: ${transfer.status}${transfer.reason ? ` (${transfer.reason})` : ''} after ${elapsedMs} ms`);
  if (transfer.status !== 'completed') return { transferStatus: transfer.status, elapsedMs };

  const [a, b] = [await bank.account(alice.id), await bank.account(bob.id)];
  say(`balances Alice ${euros(a.balance)}, Bob ${euros(b.balance)}`);
  let statement = await bank.statement(alice.id);
  while (statement.length < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    statement = await bank.statement(alice.id);
  }
  say(`statement of Alice (from the ledger's events): ${statement.map((line) => `${line.type} ${euros(line.amount)}`).join(', ')}`);
  return { transferStatus: transfer.status, elapsedMs };
}
