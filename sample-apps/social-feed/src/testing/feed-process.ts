import { startTestProcess, type TestProcess } from '@jetbox/testing';
import { join } from 'node:path';

const PACKAGE = join(__dirname, '../..');

/** A feed process, with its output and its ways to end. */
export type FeedProcess = TestProcess;

/**
 * Starts a feed process with `env` added to this process's environment: from the sources
 * (`node -r @swc-node/register src/main.ts`, for tests) or from the build (`node dist/main.js`).
 */
export function startFeedProcess(env: Record<string, string>, from: 'sources' | 'build' = 'sources'): FeedProcess {
  return startTestProcess({
    args: from === 'sources' ? ['-r', '@swc-node/register', join(PACKAGE, 'src/main.ts')] : [join(PACKAGE, 'dist/main.js')],
    cwd: join(PACKAGE, '../..'),
    env: { JETBOX_LOG_LEVEL: 'warn', ...env, SWC_NODE_PROJECT: join(PACKAGE, 'tsconfig.child.json') },
    name: 'the feed process',
  });
}
