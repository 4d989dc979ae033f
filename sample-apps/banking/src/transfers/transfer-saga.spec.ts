import { waitFor } from '@jetbox/testing';
import { AccountCommands } from '../accounts/account.commands';
import { createBankingApp, type BankingApp } from '../app/banking.app';
import { consoleLogger } from '../app/console.logger';
import { embeddedInfrastructure } from '../app/infrastructure';
import { BankClient } from '../client/bank.client';
import { ALL_ROLES } from '../config/roles';
import { settledTransfer, statementWith } from '../testing/bank-checks';

/**
 * The saga's failure paths, in the embedded mode (in-memory transport, SQLite in memory): every role
 * in this process, driven over HTTP. A closed account is the one way to make a credit fail for good.
 */
describe('the transfer saga (embedded: in-memory transport and SQLite)', () => {
  let bank: BankingApp;
  let client: BankClient;
  let commands: AccountCommands;
  const balanceOf = async (id: string) => (await client.account(id)).balance;
  const fundedAccount = async (owner: string, amount: number) => {
    const { id } = await client.openAccount(owner);
    await client.deposit(id, amount);
    return id;
  };

  beforeAll(async () => {
    const infrastructure = await embeddedInfrastructure();
    bank = await createBankingApp({
      config: { port: 0, natsUrl: 'nats://unused', databaseUrl: 'mysql://unused/x', roles: ALL_ROLES },
      infrastructure,
      logger: consoleLogger('error'),
      host: '127.0.0.1',
    });
    client = new BankClient((await bank.start())!);
    commands = bank.container.get(AccountCommands);
  });

  afterAll(async () => {
    await bank?.stop();
  });

  describe('when the destination account is closed (the credit fails for good)', () => {
    let from: string;
    let to: string;
    let transferId: string;

    beforeAll(async () => {
      from = await fundedAccount('Source', 1_000);
      to = (await client.openAccount('Closed')).id;
      await commands.close(to);
      transferId = (await client.transfer(from, to, 400)).id;
      await settledTransfer(client, transferId);
    });

    it('should fail the transfer, saying the destination is closed', async () => {
      expect(await client.getTransfer(transferId)).toStrictEqual({ id: transferId, fromAccountId: from, toAccountId: to, amount: 400, status: 'failed', reason: 'destination_closed' });
    });

    it('should refund the source in full and leave the destination untouched', async () => {
      expect([await balanceOf(from), await balanceOf(to)]).toStrictEqual([1_000, 0]);
    });

    it("should show the debit and its refund on the source's statement", async () => {
      const statement = await statementWith(client, from, 3);
      expect(statement.map(({ type, amount, transferId: id }) => [type, amount, id])).toStrictEqual([
        ['deposit', 1_000, undefined],
        ['transfer_out', -400, transferId],
        ['refund', 400, transferId],
      ]);
    });
  });

  describe('when the source account is closed', () => {
    it('should fail the transfer as account_closed, moving nothing', async () => {
      const from = await fundedAccount('Gone', 500);
      const to = (await client.openAccount('Open')).id;
      await commands.close(from);
      const { id } = await client.transfer(from, to, 100);
      const transfer = await settledTransfer(client, id);
      expect([transfer.status, transfer.reason, await balanceOf(from), await balanceOf(to)]).toStrictEqual(['failed', 'account_closed', 500, 0]);
    });
  });

  describe('when a closed account is paid in at the counter', () => {
    it('should refuse the deposit (409 account_closed)', async () => {
      const { id } = await client.openAccount('Shut');
      await commands.close(id);
      const response = await client.call('POST', `/accounts/${id}/deposits`, { json: { amount: 100 } });
      expect([response.status, response.body]).toStrictEqual([409, { error: 'account_closed', message: expect.stringContaining(id) }]);
    });
  });

  describe('when several transfers drain one account at once', () => {
    it('should complete only as many as the balance pays for, never going negative', async () => {
      const from = await fundedAccount('Drained', 1_000);
      const to = (await client.openAccount('Receiver')).id;
      const ids = await Promise.all(Array.from({ length: 6 }, async () => (await client.transfer(from, to, 300)).id));
      const outcomes = await Promise.all(ids.map(async (id) => (await settledTransfer(client, id)).status));
      await waitFor(async () => (await balanceOf(to)) === 900, { description: 'three credits' });
      expect([outcomes.filter((s) => s === 'completed').length, await balanceOf(from), await balanceOf(to)]).toStrictEqual([3, 100, 900]);
    });
  });

  describe('GET /healthz in the embedded mode', () => {
    it('should answer 200', async () => {
      const response = await client.call('GET', '/healthz');
      expect([response.status, response.body]).toStrictEqual([200, { status: 'ok', transport: 'up', database: 'up' }]);
    });
  });
});
