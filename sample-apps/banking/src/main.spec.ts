import { freePort } from '@jetbox/testing';
import { startBankingProcess, type BankingProcess } from './testing/banking-process';

/** `npm run demo` as CI runs it (`DEMO_EXIT=1`), on a machine where neither server answers. */
describe('the demo (src/main.ts) with DEMO_EXIT=1 and no server reachable', () => {
  let demo: BankingProcess;
  let exit: { code: number | null; signal: NodeJS.Signals | null };

  beforeAll(async () => {
    const [natsPort, databasePort, port] = [await freePort(), await freePort(), await freePort()];
    demo = startBankingProcess('main.ts', {
      DEMO_EXIT: '1',
      PORT: String(port),
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      DATABASE_URL: `mysql://root@127.0.0.1:${databasePort}/demo`,
    });
    exit = await demo.exited;
  }, 60_000);

  it('should say that neither server answers, and how to start each', () => {
    expect([demo.lines.some((l) => l.includes('NATS: cannot connect')), demo.lines.some((l) => l.includes('MariaDB: cannot connect') && l.includes('start it with'))]).toStrictEqual([true, true]);
  });

  it('should say it runs embedded', () => {
    expect(demo.lines.filter((l) => l.startsWith('  servers: embedded'))).toHaveLength(1);
  });

  it('should print the transfer as completed and the balances it left', () => {
    expect([demo.lines.some((l) => /transfer \S+: completed after \d+ ms/.test(l)), demo.lines.some((l) => l.includes('balances Alice 75.00 EUR, Bob 25.00 EUR'))]).toStrictEqual([true, true]);
  });

  it('should stop and exit 0', () => {
    expect(exit).toStrictEqual({ code: 0, signal: null });
  });
});
