import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const PACKAGE = join(__dirname, '../..');
const REPOSITORY = join(PACKAGE, '../..');

/** A banking process (src/server.ts or src/main.ts) run by a test, with its output. */
export interface BankingProcess {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first stdout line starting with `prefix`; rejects if the process exits first or after `timeoutMs`. */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  /** Resolves with how it ended, once it has. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL; resolves with the signal it died of (the proof it was killed). */
  kill(): Promise<NodeJS.Signals | null>;
  /** SIGTERM; resolves with its exit code once it drained. */
  terminate(): Promise<number | null>;
  /** Its stderr so far (the last 4 000 characters). */
  stderr(): string;
}

/**
 * Runs `src/<entry>` under SWC (the `@jetbox/*` packages from their sources, no build needed) with
 * `env` on top of this process's environment.
 */
export function startBankingProcess(entry: 'server.ts' | 'main.ts', env: Readonly<Record<string, string>>): BankingProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(PACKAGE, 'src', entry)], {
    cwd: REPOSITORY,
    env: { ...process.env, JETBOX_LOG_LEVEL: 'warn', ...env, SWC_NODE_PROJECT: join(PACKAGE, 'tsconfig.child.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((listener) => listener());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    lines,
    exited,
    stderr: () => stderr,
    waitForLine(prefix, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => l.startsWith(prefix));
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no '${prefix}' line from ${entry} within ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`${entry} exited before printing '${prefix}'; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      return (await exited).signal;
    },
    async terminate() {
      if (alive()) child.kill('SIGTERM');
      return (await exited).code;
    },
  };
}
