import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A process a test started, with its stdout lines and its ways to end. */
export interface TestProcess {
  readonly process: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line starting with `prefix`; rejects if it exits first or after `timeoutMs` (default 30 s). */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  /** Resolves with how it ended, once it has. */
  readonly exited: Promise<ProcessExit>;
  /** SIGKILL (unless it already ended); resolves with the signal it died of: the proof it was killed. */
  kill(): Promise<NodeJS.Signals | null>;
  /** SIGTERM (unless it already ended); resolves with its exit code once it drained. */
  terminate(): Promise<number | null>;
  /** The last 4 000 characters it wrote to stderr. */
  stderr(): string;
}

/** What to run. */
export interface TestProcessOptions {
  /** Arguments to `node`. */
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** How errors name it: `the banking api process`. Default: its arguments. */
  readonly name?: string;
}

/** Starts `node <args>` with pipes for stdout and stderr; see {@link TestProcess}. */
export function startTestProcess(options: TestProcessOptions): TestProcess {
  const name = options.name ?? options.args.join(' ');
  const child = spawn(process.execPath, [...options.args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((listener) => listener());
  });
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    lines,
    exited,
    stderr: () => stderr,
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
          reject(new Error(`no '${prefix}' line from ${name} within ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`${name} exited before printing '${prefix}'; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
        if (listeners.has(check) && !alive()) onExit();
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

/**
 * Starts a TypeScript file as a process under SWC (`node -r @swc-node/register <file>`), with
 * `tsconfig` as `SWC_NODE_PROJECT` — point its `paths` at sources and no build is needed.
 */
export function startTypeScriptProcess(file: string, options: { readonly cwd: string; readonly tsconfig: string; readonly env?: Readonly<Record<string, string>>; readonly name?: string }): TestProcess {
  return startTestProcess({
    args: ['-r', '@swc-node/register', file],
    cwd: options.cwd,
    env: { ...options.env, SWC_NODE_PROJECT: options.tsconfig },
    name: options.name ?? file,
  });
}
