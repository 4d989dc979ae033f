import { freePort, NATS_URL, requireNats, waitFor } from '@jetbox/testing';
import { BankClient } from './client/bank.client';
import type { Role } from './config/roles';
import { startBankingProcess, type BankingProcess } from './testing/banking-process';
import { createTestDatabase, type TestDatabase } from './testing/test-database';
import { deadLetterCount, deleteNamespaceStreams, DURABLES_BY_ROLE, unacknowledged, uniqueNamespace } from './testing/test-namespace';

const ACCOUNTS = 20;
const TRANSFERS = 500;
/** Ledger processes sharing the ledger's durable consumers. */
const LEDGERS = 2;
/** Transfers in flight from the client at once. */
const CLIENT_CONCURRENCY = 25;
/** The processes killed, in order; the next kill waits for this many more transfers to be posted. */
const KILLS: ReadonlyArray<'accounts' | 'transfers'> = ['accounts', 'transfers', 'accounts', 'transfers'];
const POSTS_BETWEEN_KILLS = 90;

interface Kill {
  readonly role: Role;
  readonly signal: NodeJS.Signals | null;
  /** Transfers still pending just before it died. */
  readonly pending: number;
  /** Messages delivered to its consumers and not acknowledged just before it died. */
  readonly unacknowledged: number;
}

const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * The acceptance run: api, accounts, transfers and ledger as separate processes on NATS and
 * MariaDB (two ledger processes sharing its durable consumers); 500 concurrent random transfers among 20 accounts, many more than the balances can pay,
 * while the accounts and transfers processes are SIGKILLed and restarted twice each. After
 * quiescence the money adds up to the cent, and every transfer moved its amount exactly once or not
 * at all.
 */
describe('the banking app when its accounts and transfers processes are SIGKILLed during 500 concurrent transfers', () => {
  const namespace = uniqueNamespace();
  let db: TestDatabase;
  let bank: BankClient;
  const processes = new Map<Role, BankingProcess>();
  const ledgers: BankingProcess[] = [];
  const retired: BankingProcess[] = [];
  const kills: Kill[] = [];
  let deposited = 0;
  let withdrawn = 0;
  let accepted = 0;
  let accountIds: string[] = [];
  let finalExitCodes: Array<number | null> = [];
  /** Accounts whose statement (GET …/statement, summed) is not their balance (GET /accounts/:id), read at quiescence. */
  const statementsDisagreeing: string[] = [];

  const count = async (sql: string) => Number((await db.query<{ n: number | string }>(sql))[0]!.n);
  const pending = () => count("SELECT COUNT(*) AS n FROM transfers WHERE status = 'pending'");
  let env: Record<string, string>;
  const start = async (role: Role) => {
    const child = startBankingProcess('server.ts', { ...env, ROLES: role });
    processes.set(role, child);
    await child.waitForLine('ready:');
  };

  const startLedger = async () => {
    const child = startBankingProcess('server.ts', { ...env, ROLES: 'ledger' });
    ledgers.push(child);
    await child.waitForLine('ready:');
  };

  beforeAll(async () => {
    await requireNats();
    db = await createTestDatabase();
    const port = await freePort();
    env = { PORT: String(port), NATS_URL, DATABASE_URL: db.url, BANKING_NAMESPACE: namespace };
    await start('api'); // first alone: it creates the database's tables once, the others find them
    await Promise.all([start('accounts'), start('transfers'), ...Array.from({ length: LEDGERS }, () => startLedger())]);
    bank = new BankClient(`http://127.0.0.1:${port}`);

    accountIds = await Promise.all(Array.from({ length: ACCOUNTS }, async (_, i) => (await bank.openAccount(`owner-${i}`)).id));
    for (const id of accountIds) {
      const amount = random(1_000, 20_000);
      await bank.deposit(id, amount);
      deposited += amount;
      const withdrawal = random(1, 3_000);
      if ((await bank.call('POST', `/accounts/${id}/withdrawals`, { json: { amount: withdrawal } })).status === 201) withdrawn += withdrawal;
    }

    let posted = 0;
    const post = async (n: number) => {
      const from = accountIds[random(0, ACCOUNTS - 1)]!;
      let to = accountIds[random(0, ACCOUNTS - 1)]!;
      while (to === from) to = accountIds[random(0, ACCOUNTS - 1)]!;
      const response = await bank.call('POST', '/transfers', { json: { fromAccountId: from, toAccountId: to, amount: random(100, 6_000) }, idempotencyKey: `chaos-${n}` });
      if (response.status === 202) accepted++;
      posted++;
    };
    // The client may run ahead of the kills by half a step only, so every kill lands mid-flow, on any machine.
    let allowed = POSTS_BETWEEN_KILLS * 1.5;
    let next = 0;
    const client = Promise.all(
      Array.from({ length: CLIENT_CONCURRENCY }, async () => {
        for (;;) {
          await waitFor(() => next >= TRANSFERS || next < allowed, { timeoutMs: 120_000, intervalMs: 5, description: 'the next kill, to post more' });
          if (next >= TRANSFERS) return;
          if (next < allowed) await post(next++);
        }
      }),
    );
    const chaos = (async () => {
      for (const [i, role] of KILLS.entries()) {
        // Mid-work: enough posted, transfers pending, and messages delivered to the victim but not acknowledged.
        const seen = await waitFor(
          async () => {
            if (posted < (i + 1) * POSTS_BETWEEN_KILLS) return undefined;
            const [stillPending, inFlight] = await Promise.all([pending(), unacknowledged(namespace, DURABLES_BY_ROLE[role])]);
            return stillPending > 0 && inFlight > 0 ? { pending: stillPending, unacknowledged: inFlight } : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 10, description: `transfer ${(i + 1) * POSTS_BETWEEN_KILLS} posted, some pending, some unacknowledged by ${role}` },
        );
        const victim = processes.get(role)!;
        kills.push({ role, signal: await victim.kill(), ...seen });
        retired.push(victim);
        await start(role);
        allowed = i === KILLS.length - 1 ? TRANSFERS : allowed + POSTS_BETWEEN_KILLS;
      }
    })();
    await Promise.all([client, chaos]);

    await waitFor(
      async () =>
        (await pending()) === 0 &&
        (await count('SELECT COUNT(*) AS n FROM jetbox_outbox WHERE sent_at IS NULL')) === 0 &&
        (await count('SELECT COUNT(*) AS n FROM statement_lines')) === (await count('SELECT COUNT(*) AS n FROM account_entries')),
      { timeoutMs: 120_000, intervalMs: 200, description: 'no pending transfer, an empty outbox and a ledger line for every balance change' },
    );
    for (const id of accountIds) {
      const [account, statement] = await Promise.all([bank.account(id), bank.statement(id)]);
      const sum = statement.reduce((total, line) => total + line.amount, 0);
      if (sum !== account.balance) statementsDisagreeing.push(`${id}: statement ${sum}, balance ${account.balance}`);
    }
    finalExitCodes = await Promise.all([...processes.values(), ...ledgers].map((p) => p.terminate()));
  }, 300_000);

  async function sumOfBalances(): Promise<number> {
    return count('SELECT COALESCE(SUM(balance), 0) AS n FROM accounts');
  }

  afterAll(async () => {
    for (const child of [...processes.values(), ...ledgers, ...retired]) await child.kill();
    await db?.drop();
    await deleteNamespaceStreams(namespace);
  });

  it('should have SIGKILLed accounts, transfers, accounts, transfers mid-work — each proven by its exit signal, with transfers pending and messages unacknowledged', () => {
    expect(kills.map((k) => [k.role, k.signal, k.pending > 0, k.unacknowledged > 0])).toStrictEqual(KILLS.map((role) => [role, 'SIGKILL', true, true]));
  });

  it('should have accepted all 500 transfers (202)', () => {
    expect(accepted).toStrictEqual(TRANSFERS);
  });

  it('should hold, in sum, exactly the deposits minus the withdrawals', async () => {
    expect(await sumOfBalances()).toStrictEqual(deposited - withdrawn);
  });

  it('should leave no balance negative', async () => {
    expect(await count('SELECT COUNT(*) AS n FROM accounts WHERE balance < 0')).toStrictEqual(0);
  });

  it('should leave no transfer pending', async () => {
    expect(await pending()).toStrictEqual(0);
  });

  it('should have completed some transfers and failed others for insufficient funds', async () => {
    const rows = await db.query<{ outcome: string; n: number | string }>('SELECT CONCAT(status, \':\', COALESCE(reason, \'\')) AS outcome, COUNT(*) AS n FROM transfers GROUP BY outcome');
    const outcomes = new Map(rows.map((r) => [r.outcome, Number(r.n)]));
    expect([outcomes.get('completed:')! > 0, outcomes.get('failed:insufficient_funds')! > 0, [...outcomes.keys()].sort()]).toStrictEqual([
      true,
      true,
      ['completed:', 'failed:insufficient_funds'],
    ]);
  });

  it('should have moved each completed transfer’s amount exactly once, and nothing for a failed one', async () => {
    const rows = await db.query<Record<string, string | number>>(`
      SELECT t.id, t.status,
        SUM(e.kind = 'transfer_debit' AND e.account_id = t.from_account_id AND e.amount = -t.amount) AS debits,
        SUM(e.kind = 'transfer_credit' AND e.account_id = t.to_account_id AND e.amount = t.amount) AS credits,
        SUM(e.kind = 'transfer_refund') AS refunds,
        COUNT(e.seq) AS entries
      FROM transfers t LEFT JOIN account_entries e ON e.transfer_id = t.id GROUP BY t.id, t.status`);
    const wrong = rows.filter((r) => {
      const [debits, credits, refunds, entries] = [r['debits'], r['credits'], r['refunds'], r['entries']].map((v) => Number(v ?? 0));
      return r['status'] === 'completed' ? !(debits === 1 && credits === 1 && refunds === 0 && entries === 2) : entries !== 0;
    });
    expect([rows.length, wrong]).toStrictEqual([TRANSFERS, []]);
  });

  it('should have a statement for every account that agrees with its balance', () => {
    expect([accountIds.length, statementsDisagreeing]).toStrictEqual([ACCOUNTS, []]);
  });

  it('should dead-letter nothing', async () => {
    expect(await deadLetterCount(namespace)).toStrictEqual(0);
  });

  it('should have shared the ledger’s work between its two processes', () => {
    const handled = ledgers.map((ledger) => Number(/handled=(\d+)/.exec(ledger.lines.find((l) => l.startsWith('stopped:')) ?? '')?.[1] ?? 0));
    expect(handled.map((n) => n > 0)).toStrictEqual([true, true]);
  });

  it('should let the last five processes drain and exit 0 on SIGTERM', () => {
    expect(finalExitCodes).toStrictEqual([0, 0, 0, 0, 0]);
  });
});
