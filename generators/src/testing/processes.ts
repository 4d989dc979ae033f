import { spawn, type ChildProcess } from 'node:child_process';

/** The environment for a child command: this one without npm's and Nx's per-run variables (they would point the child at this repository), plus `extra`. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NX_|INIT_CWD$|JEST_)/i.test(key)));
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...extra };
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The command is killed, and the run rejects, after this long. */
  readonly timeoutMs: number;
}

/** What a finished command printed (stdout and stderr, interleaved). */
export interface RunResult {
  readonly output: string;
  readonly durationMs: number;
}

/**
 * Runs `command` to its end; resolves with its output when it exits with 0, rejects with the exit
 * code (or the deadline) and the end of its output otherwise.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      if (code === 0) return resolve({ output, durationMs });
      const why = signal ? `was killed (${signal}) after ${durationMs} ms` : `exited with ${code} after ${durationMs} ms`;
      reject(new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} ${why}; its output ended with:\n${output.slice(-6_000)}`));
    });
  });
}

/** A long-running command, with what it printed so far. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Kills its whole process group at once, if it is still running. */
  kill(): void;
}

/** Starts `command` in a process group of its own, so that {@link RunningProcess.kill} reaches its children too. */
export function start(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? -1)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    output: () => output,
    exited,
    kill: () => {
      if (done || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** Resolves with `promise`'s value, or rejects saying what it waited for once `timeoutMs` passes. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** `text` without its ANSI colour codes. */
export function withoutColours(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
