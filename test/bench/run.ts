import { bankingBench } from './banking.bench';
import { feedBench } from './feed.bench';
import { outboxBench } from './outbox.bench';
import { transportBench } from './transport.bench';

/** `npm run bench -- [suite …]`: runs the named suites, or all. Prints ratios against raw clients. */
const suites: Record<string, () => Promise<void>> = { transport: transportBench, outbox: outboxBench, banking: bankingBench, feed: feedBench };

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  for (const name of asked.length > 0 ? asked : Object.keys(suites)) await suites[name]!();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
