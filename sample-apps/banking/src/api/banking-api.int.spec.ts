import { freePort, NATS_URL, requireNats } from '@jetbox/testing';
import { BankClient } from '../client/bank.client';
import { startBankingProcess, type BankingProcess } from '../testing/banking-process';
import { settledTransfer, statementWith } from '../testing/bank-checks';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { deadLetterCount, deleteNamespaceStreams, uniqueNamespace } from '../testing/test-namespace';

const INVALID = { error: 'invalid_request', message: expect.any(String) as unknown };

/** Every endpoint and error of the HTTP API, against one process with every role on NATS and MariaDB. */
describe('the banking HTTP API (every role in one process, on NATS and MariaDB)', () => {
  const namespace = uniqueNamespace();
  let db: TestDatabase;
  let server: BankingProcess;
  let bank: BankClient;
  const balanceOf = async (id: string) => (await bank.account(id)).balance;
  const fundedAccount = async (owner: string, amount: number) => {
    const account = await bank.openAccount(owner);
    await bank.deposit(account.id, amount);
    return account.id;
  };

  beforeAll(async () => {
    await requireNats();
    db = await createTestDatabase();
    const port = await freePort();
    server = startBankingProcess('server.ts', { PORT: String(port), NATS_URL, DATABASE_URL: db.url, BANKING_NAMESPACE: namespace });
    await server.waitForLine('ready:');
    bank = new BankClient(`http://127.0.0.1:${port}`);
  }, 90_000);

  afterAll(async () => {
    await server?.kill();
    await db?.drop();
    await deleteNamespaceStreams(namespace);
  });

  describe('POST /accounts', () => {
    it('should open an account with a zero balance in EUR (201)', async () => {
      const response = await bank.call('POST', '/accounts', { json: { owner: 'Ada' } });
      expect([response.status, response.body]).toStrictEqual([201, { id: expect.any(String), owner: 'Ada', currency: 'EUR', balance: 0 }]);
    });

    it('should accept currency EUR given explicitly', async () => {
      const response = await bank.call('POST', '/accounts', { json: { owner: 'Grace', currency: 'EUR' } });
      expect([response.status, response.body]).toStrictEqual([201, { id: expect.any(String), owner: 'Grace', currency: 'EUR', balance: 0 }]);
    });

    it('should refuse a missing owner (400), saying it is required', async () => {
      const response = await bank.call('POST', '/accounts', { json: {} });
      expect([response.status, response.body]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining('owner is required') }]);
    });

    it('should refuse another currency (400), naming EUR', async () => {
      const response = await bank.call('POST', '/accounts', { json: { owner: 'Ada', currency: 'USD' } });
      expect([response.status, response.body]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining('currency must be "EUR"') }]);
    });

    it('should refuse malformed JSON (400) in the same shape', async () => {
      const response = await bank.call('POST', '/accounts', { raw: '{"owner": "Ada"' });
      expect([response.status, response.body]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining('not valid JSON') }]);
    });

    it('should refuse a body that is not a JSON object (400)', async () => {
      const response = await bank.call('POST', '/accounts', { json: ['Ada'] });
      expect([response.status, response.body]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining('must be a JSON object') }]);
    });

    it('should refuse a form body, as curl -d sends without a Content-Type (415)', async () => {
      const response = await fetch(`${bank.baseUrl}/accounts`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'owner=Ada' });
      expect([response.status, await response.json()]).toStrictEqual([415, { error: 'unsupported_media_type', message: expect.stringContaining('application/json') }]);
    });

    it('should open one account for a repeated Idempotency-Key, answering the first result again', async () => {
      const owner = `Idem ${namespace}`;
      const first = await bank.call('POST', '/accounts', { json: { owner }, idempotencyKey: `open-${namespace}` });
      const again = await bank.call('POST', '/accounts', { json: { owner }, idempotencyKey: `open-${namespace}` });
      const [{ n }] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM accounts WHERE owner = ?', [owner]);
      expect([again.status, again.body, again.headers.get('idempotent-replayed'), Number(n)]).toStrictEqual([201, first.body, 'true', 1]);
    });
  });

  describe('GET /accounts/:id', () => {
    it('should answer the account (200)', async () => {
      const id = await fundedAccount('Linus', 700);
      const response = await bank.call('GET', `/accounts/${id}`);
      expect([response.status, response.body]).toStrictEqual([200, { id, owner: 'Linus', currency: 'EUR', balance: 700 }]);
    });

    it('should answer 404 for an unknown id', async () => {
      const response = await bank.call('GET', '/accounts/no-such-account');
      expect([response.status, response.body]).toStrictEqual([404, { error: 'not_found', message: expect.stringContaining('no-such-account') }]);
    });
  });

  describe('POST /accounts/:id/deposits', () => {
    it('should add the amount and answer the new balance (201)', async () => {
      const { id } = await bank.openAccount('Dep');
      await bank.deposit(id, 1_000);
      const response = await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 250 } });
      expect([response.status, response.body]).toStrictEqual([201, { accountId: id, balance: 1_250 }]);
    });

    it('should accept the largest amount, 1e12', async () => {
      const { id } = await bank.openAccount('Big');
      const response = await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 1e12 } });
      expect([response.status, response.body]).toStrictEqual([201, { accountId: id, balance: 1e12 }]);
    });

    it.each([
      ['missing', {}, 'amount is required'],
      ['zero', { amount: 0 }, 'greater than 0'],
      ['negative', { amount: -5 }, 'greater than 0'],
      ['not an integer', { amount: 12.5 }, 'whole number'],
      ['a string', { amount: '100' }, 'amount must be'],
      ['over 1e12', { amount: 1e12 + 1 }, 'at most 1000000000000'],
    ])('should refuse an amount that is %s (400), saying what to change', async (_case, body, hint) => {
      const { id } = await bank.openAccount('Bad');
      const response = await bank.call('POST', `/accounts/${id}/deposits`, { json: body });
      expect([response.status, response.body, await balanceOf(id)]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining(hint) }, 0]);
    });

    it('should answer 404 for an unknown account', async () => {
      const response = await bank.call('POST', '/accounts/no-such-account/deposits', { json: { amount: 100 } });
      expect([response.status, response.body]).toStrictEqual([404, { error: 'not_found', message: expect.stringContaining('no-such-account') }]);
    });

    it('should deposit once for a repeated Idempotency-Key, answering the first result again', async () => {
      const { id } = await bank.openAccount('Once');
      const key = `dep-${id}`;
      const first = await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 300 }, idempotencyKey: key });
      const again = await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 300 }, idempotencyKey: key });
      expect([first.status, again.status, again.body, await balanceOf(id)]).toStrictEqual([201, 201, { accountId: id, balance: 300 }, 300]);
    });

    it('should deposit once when the same key is sent by 5 requests at once', async () => {
      const { id } = await bank.openAccount('Race');
      const key = `race-${id}`;
      const responses = await Promise.all(Array.from({ length: 5 }, () => bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 40 }, idempotencyKey: key })));
      expect([responses.map((r) => [r.status, r.body]), await balanceOf(id)]).toStrictEqual([Array(5).fill([201, { accountId: id, balance: 40 }]), 40]);
    });

    it('should refuse the same key for a different request (422) and change nothing', async () => {
      const { id } = await bank.openAccount('Reuse');
      const key = `reuse-${id}`;
      await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 300 }, idempotencyKey: key });
      const other = await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 999 }, idempotencyKey: key });
      expect([other.status, other.body, await balanceOf(id)]).toStrictEqual([422, { error: 'idempotency_key_reused', message: expect.stringContaining(key) }, 300]);
    });
    it('should refuse an Idempotency-Key over 255 characters (400), changing nothing', async () => {
      const { id } = await bank.openAccount('LongKey');
      const response = await bank.call('POST', `/accounts/${id}/deposits`, { json: { amount: 5 }, idempotencyKey: 'k'.repeat(256) });
      expect([response.status, response.body, await balanceOf(id)]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining('Idempotency-Key') }, 0]);
    });
  });

  describe('POST /accounts/:id/withdrawals', () => {
    it('should take the amount and answer the new balance (201)', async () => {
      const id = await fundedAccount('Wd', 1_000);
      const response = await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: 400 } });
      expect([response.status, response.body]).toStrictEqual([201, { accountId: id, balance: 600 }]);
    });

    it('should refuse more than the balance (409 insufficient_funds) and change nothing', async () => {
      const id = await fundedAccount('Short', 100);
      const response = await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: 101 } });
      expect([response.status, response.body, await balanceOf(id)]).toStrictEqual([409, { error: 'insufficient_funds' }, 100]);
    });

    it('should answer a repeated key with its first result, even after the balance grew', async () => {
      const id = await fundedAccount('Later', 100);
      const key = `wd-${id}`;
      await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: 150 }, idempotencyKey: key });
      await bank.deposit(id, 100);
      const again = await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: 150 }, idempotencyKey: key });
      expect([again.status, again.body, await balanceOf(id)]).toStrictEqual([409, { error: 'insufficient_funds' }, 200]);
    });

    it('should refuse an invalid amount (400)', async () => {
      const id = await fundedAccount('Inv', 100);
      const response = await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: -1 } });
      expect([response.status, response.body]).toStrictEqual([400, INVALID]);
    });

    it('should answer 404 for an unknown account', async () => {
      const response = await bank.call('POST', '/accounts/no-such-account/withdrawals', { json: { amount: 100 } });
      expect(response.status).toStrictEqual(404);
    });
  });

  describe('POST /transfers', () => {
    it('should accept a transfer as pending (202)', async () => {
      const from = await fundedAccount('From', 1_000);
      const { id: to } = await bank.openAccount('To');
      const response = await bank.call('POST', '/transfers', { json: { fromAccountId: from, toAccountId: to, amount: 100 } });
      expect([response.status, response.body]).toStrictEqual([202, { id: expect.any(String), status: 'pending' }]);
    });

    it('should complete it in the background, moving the amount once', async () => {
      const from = await fundedAccount('From', 1_000);
      const { id: to } = await bank.openAccount('To');
      const { id } = await bank.transfer(from, to, 400);
      const transfer = await settledTransfer(bank, id);
      expect([transfer, await balanceOf(from), await balanceOf(to)]).toStrictEqual([{ id, fromAccountId: from, toAccountId: to, amount: 400, status: 'completed' }, 600, 400]);
    });

    it('should fail it for insufficient funds, moving nothing', async () => {
      const from = await fundedAccount('Poor', 100);
      const { id: to } = await bank.openAccount('To');
      const { id } = await bank.transfer(from, to, 101);
      const transfer = await settledTransfer(bank, id);
      expect([transfer, await balanceOf(from), await balanceOf(to)]).toStrictEqual([
        { id, fromAccountId: from, toAccountId: to, amount: 101, status: 'failed', reason: 'insufficient_funds' },
        100,
        0,
      ]);
    });

    it('should transfer once for a repeated Idempotency-Key, answering the same transfer id', async () => {
      const from = await fundedAccount('From', 1_000);
      const { id: to } = await bank.openAccount('To');
      const key = `tr-${from}`;
      const first = await bank.call<{ id: string }>('POST', '/transfers', { json: { fromAccountId: from, toAccountId: to, amount: 250 }, idempotencyKey: key });
      const again = await bank.call<{ id: string }>('POST', '/transfers', { json: { fromAccountId: from, toAccountId: to, amount: 250 }, idempotencyKey: key });
      await settledTransfer(bank, first.body.id);
      const [{ n }] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM transfers WHERE from_account_id = ?', [from]);
      expect([again.status, again.body, Number(n), await balanceOf(from), await balanceOf(to)]).toStrictEqual([202, first.body, 1, 750, 250]);
    });

    it.each([
      ['the same account on both sides', (a: string) => ({ fromAccountId: a, toAccountId: a, amount: 10 }), 'must differ'],
      ['no toAccountId', (a: string) => ({ fromAccountId: a, amount: 10 }), 'toAccountId is required'],
      ['a non-integer amount', (a: string) => ({ fromAccountId: a, toAccountId: 'x', amount: 1.5 }), 'whole number'],
      ['an amount over 1e12', (a: string) => ({ fromAccountId: a, toAccountId: 'x', amount: 2e12 }), 'at most'],
    ])('should refuse %s (400)', async (_case, body, hint) => {
      const from = await fundedAccount('Bad', 100);
      const response = await bank.call('POST', '/transfers', { json: body(from) });
      expect([response.status, response.body]).toStrictEqual([400, { error: 'invalid_request', message: expect.stringContaining(hint) }]);
    });

    it('should refuse malformed JSON (400)', async () => {
      const response = await bank.call('POST', '/transfers', { raw: '{"amount": 10,}' });
      expect([response.status, response.body]).toStrictEqual([400, INVALID]);
    });

    it('should answer 404 for an unknown account, creating no transfer', async () => {
      const from = await fundedAccount('Lonely', 100);
      const response = await bank.call('POST', '/transfers', { json: { fromAccountId: from, toAccountId: 'no-such-account', amount: 10 } });
      const [{ n }] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM transfers WHERE from_account_id = ?', [from]);
      expect([response.status, response.body, Number(n)]).toStrictEqual([404, { error: 'not_found', message: expect.stringContaining('no-such-account') }, 0]);
    });
  });

  describe('GET /transfers/:id', () => {
    it('should answer 404 for an unknown id', async () => {
      const response = await bank.call('GET', '/transfers/no-such-transfer');
      expect([response.status, response.body]).toStrictEqual([404, { error: 'not_found', message: expect.stringContaining('no-such-transfer') }]);
    });
  });

  describe('GET /accounts/:id/statement', () => {
    it('should list every movement oldest first, with signed amounts and the transfer ids', async () => {
      const id = await fundedAccount('Stmt', 1_000);
      await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: 100 } });
      const { id: to } = await bank.openAccount('Dest');
      const { id: transferId } = await bank.transfer(id, to, 300);
      await settledTransfer(bank, transferId);
      const statement = await statementWith(bank, id, 3);
      expect(statement).toStrictEqual([
        { type: 'deposit', amount: 1_000, at: expect.any(String) },
        { type: 'withdrawal', amount: -100, at: expect.any(String) },
        { type: 'transfer_out', amount: -300, transferId, at: expect.any(String) },
      ]);
    });

    it('should answer an empty statement for a new account', async () => {
      const { id } = await bank.openAccount('New');
      const response = await bank.call('GET', `/accounts/${id}/statement`);
      expect([response.status, response.body]).toStrictEqual([200, []]);
    });

    it('should answer 404 for an unknown account', async () => {
      const response = await bank.call('GET', '/accounts/no-such-account/statement');
      expect(response.status).toStrictEqual(404);
    });
  });

  describe('GET /healthz', () => {
    it('should answer 200 while NATS and MariaDB answer', async () => {
      const response = await bank.call('GET', '/healthz');
      expect([response.status, response.body]).toStrictEqual([200, { status: 'ok', transport: 'up', database: 'up' }]);
    });
  });

  describe('an unknown route', () => {
    it('should answer 404 in the error shape', async () => {
      const response = await bank.call('GET', '/nothing-here');
      expect([response.status, response.body]).toStrictEqual([404, { error: 'not_found', message: expect.stringContaining('/nothing-here') }]);
    });
  });

  describe('when the run is over', () => {
    it('should have dead-lettered nothing', async () => {
      expect(await deadLetterCount(namespace)).toStrictEqual(0);
    });

    it('should drain and exit 0 on SIGTERM', async () => {
      expect(await server.terminate()).toStrictEqual(0);
    }, 30_000);
  });
});
