import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '../..');

/** A test app running as a child process, with its stdout lines and its way of ending. */
export interface ChildApp {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first stdout line starting with `prefix`; rejects on exit or after `timeoutMs`. */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  /** SIGKILL, and resolves with the signal the process died of (proof it was killed). */
  kill(): Promise<NodeJS.Signals | null>;
  /** SIGTERM, and resolves with the exit code once it drained. */
  terminate(): Promise<number | null>;
}

/** Runs a TypeScript file under test/support as a child process (SWC, `@jetbox/*` from sources). */
export function startChildApp(file: string, env: Record<string, string>): ChildApp {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, file)], {
    cwd: ROOT,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: join(__dirname, 'tsconfig.child.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((l) => l());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    process: child,
    lines,
    waitForLine(prefix, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => l.startsWith(prefix));
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no '${prefix}' from ${file} within ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-2_000)}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`${file} exited before printing '${prefix}'; stderr: ${stderr.slice(-2_000)}`));
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
      child.kill('SIGKILL');
      return (await exited).signal;
    },
    async terminate() {
      child.kill('SIGTERM');
      return (await exited).code;
    },
  };
}
