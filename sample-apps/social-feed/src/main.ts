/**
 * The social feed as a process: `npm run start -w sample-apps/social-feed`. Configured from the
 * environment (see README.md): PORT, HOST, NATS_URL, DATABASE_URL, ROLES, FEED_NAMESPACE,
 * FEED_MODE, FANOUT_BATCH_SIZE. Prints `social-feed ready …` once it serves; SIGTERM or SIGINT
 * drains and exits 0.
 */
import 'reflect-metadata';
import { JetboxError } from '@jetbox/core';
import { SocialFeed } from './app/social-feed';
import { readFeedConfig } from './config/feed.config';

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = readFeedConfig(process.env);
  const feed = await SocialFeed.start({ ...config, say });
  const where = feed.url ? `, API at ${feed.url}` : '';
  say(`Mode: ${feed.mode} — ${feed.infrastructure.description}`);
  say(`social-feed ready: roles ${feed.roles.join(',')}${where}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: draining`);
    feed.stop().then(
      () => {
        say('social-feed stopped');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`social-feed did not stop cleanly: ${describe(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function describe(error: unknown): string {
  if (JetboxError.is(error) && (error.code === 'CONFIG' || error.code === 'CONNECTION')) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`social-feed cannot start: ${describe(error)}\n`);
  process.exit(JetboxError.is(error) && error.code === 'CONFIG' ? 2 : 1);
});
