/**
 * `npm start`: runs the roles named in `ROLES` (default all) until SIGTERM or Ctrl-C, then drains and
 * exits 0. Prints `ready: …` once it serves. See docs/samples/banking.md.
 */
import 'reflect-metadata';
import { createBankingApp } from './app/banking.app';
import { consoleLogger, parseLogLevel } from './app/console.logger';
import { connectInfrastructure } from './app/infrastructure';
import { describeStartError } from './app/start-error';
import { loadConfig } from './config/banking.config';
import { exitOnSignal } from './app/shutdown';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = consoleLogger(parseLogLevel(process.env['JETBOX_LOG_LEVEL'], 'info'), `banking:${config.roles.join(',')}`);
  const infrastructure = await connectInfrastructure(config);
  for (const line of infrastructure.unreachable) console.log(line);
  console.log(`banking ${config.roles.join(', ')} on ${infrastructure.summary}; stream ${config.namespace ? `${config.namespace.toUpperCase()}_` : ''}BANKING`);
  const bank = await createBankingApp({ config, infrastructure, logger, host: process.env['HOST'] || undefined });
  const address = await bank.start();
  exitOnSignal(bank, logger);
  console.log(`ready: roles=${config.roles.join(',')} mode=${infrastructure.mode}${address ? ` http=${address}` : ''} pid=${process.pid}`);
}

main().catch((error: unknown) => {
  console.error(`banking could not start: ${describeStartError(error)}`);
  process.exit(1);
});
