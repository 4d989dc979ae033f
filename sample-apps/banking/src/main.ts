/**
 * `npm run demo`: the banking app with every role in one process. Prints the servers it uses, opens
 * two accounts, deposits, transfers, waits for the saga to complete, prints the result, and serves
 * HTTP on `PORT` until Ctrl-C. With `DEMO_EXIT=1` it drains and exits after the result instead: 0
 * when the transfer completed, 1 otherwise.
 */
import 'reflect-metadata';
import { createBankingApp } from './app/banking.app';
import { consoleLogger, parseLogLevel } from './app/console.logger';
import { connectInfrastructure } from './app/infrastructure';
import { exitOnSignal } from './app/shutdown';
import { BankClient } from './client/bank.client';
import { describeStartError } from './app/start-error';
import { loadConfig } from './config/banking.config';
import { ALL_ROLES } from './config/roles';
import { runDemo } from './demo/demo.script';

async function main(): Promise<void> {
  const config = { ...loadConfig({ ...process.env, ROLES: undefined }), roles: ALL_ROLES };
  const logger = consoleLogger(parseLogLevel(process.env['JETBOX_LOG_LEVEL'], 'warn'));
  console.log('Jetbox banking demo — every role (api, accounts, transfers, ledger) in this process');
  const infrastructure = await connectInfrastructure(config);
  for (const line of infrastructure.unreachable) console.log(`  ${line}`);
  console.log(`  servers: ${infrastructure.summary}`);
  const bank = await createBankingApp({ config, infrastructure, logger, host: process.env['HOST'] || undefined });
  const address = (await bank.start())!;
  const base = address.replace('[::1]', '127.0.0.1');
  console.log(`  http:    ${base}`);

  const outcome = await runDemo(new BankClient(base), (line) => console.log(`  ${line}`));
  if (process.env['DEMO_EXIT'] === '1') {
    await bank.stop();
    process.exit(outcome.transferStatus === 'completed' ? 0 : 1);
  }
  exitOnSignal(bank, logger);
  console.log(`Serving until Ctrl-C. Try:  curl -s ${base}/healthz   (API: docs/samples/banking.md)`);
}

main().catch((error: unknown) => {
  console.error(`the banking demo failed: ${describeStartError(error)}`);
  process.exit(1);
});
