import { startTypeScriptProcess, type TestProcess } from '@jetbox/testing';
import { join } from 'node:path';

/** A test app running as a child process: its stdout lines, `waitForLine`, `kill` (SIGKILL) and `terminate` (SIGTERM). */
export type ChildApp = TestProcess;

/** Runs a TypeScript file under test/support as a child process (SWC, `@jetbox/*` from sources). */
export function startChildApp(file: string, env: Record<string, string>): ChildApp {
  return startTypeScriptProcess(join(__dirname, file), { cwd: join(__dirname, '../..'), tsconfig: join(__dirname, 'tsconfig.child.json'), env, name: file });
}
