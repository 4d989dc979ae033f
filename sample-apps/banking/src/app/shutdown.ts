import type { Logger } from '@jetbox/core';
import type { BankingApp } from './banking.app';

/**
 * On SIGTERM or SIGINT (Ctrl-C): drain the app (stop listening, finish running handlers, flush the
 * relay), then exit 0 — or 1 if draining failed. A second signal exits at once.
 */
export function exitOnSignal(bank: BankingApp, logger: Logger, say: (line: string) => void = (line) => console.log(line)): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    say(`${signal}: draining…`);
    bank.stop().then(
      () => {
        const { handled, duplicates, retried, deadLettered } = bank.stats();
        const relay = bank.jetbox.relayStats();
        say(`stopped: handled=${handled} duplicates=${duplicates} retried=${retried} dead-lettered=${deadLettered} relayed=${relay?.sent ?? 0} relay-batches=${relay?.batches ?? 0}`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'could not drain cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
