import { startTypeScriptProcess, type TestProcess } from '@jetbox/testing';
import { join } from 'node:path';

const PACKAGE = join(__dirname, '../..');

/** A banking process (src/server.ts or src/main.ts) run by a test, with its output. */
export type BankingProcess = TestProcess;

/**
 * Runs `src/<entry>` under SWC (the `@jetbox/*` packages from their sources, no build needed) with
 * `env` on top of this process's environment.
 */
export function startBankingProcess(entry: 'server.ts' | 'main.ts', env: Readonly<Record<string, string>>): BankingProcess {
  return startTypeScriptProcess(join(PACKAGE, 'src', entry), {
    cwd: join(PACKAGE, '../..'),
    tsconfig: join(PACKAGE, 'tsconfig.child.json'),
    env: { JETBOX_LOG_LEVEL: 'warn', ...env },
    name: `banking ${entry}`,
  });
}
