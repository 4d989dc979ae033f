import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const PACKAGE = join(__dirname, '../..');
const ROOT = join(PACKAGE, '../..');

/** A feed process, with its output and its ways to end. */
export interface FeedProcess {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first stdout line starting with `prefix`; rejects on exit or after `timeoutMs`. */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  /** SIGKILL; resolves with the signal the process died of (the proof it was killed). */
  kill(): Promise<NodeJS.Signals | null>;
  /** SIGTERM; resolves with the exit code once it drained. */
  terminate(): Promise<number | null>;
  /** Resolves with how it ended, once it has. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr. */
  stderr(): string;
}

/**
 * Starts a feed process with `env` added to this process's environment: from the sources
 * (`node -r @swc-node/register src/main.ts`, for tests) or from the build (`node dist/main.js`).
 */
export function startFeedProcess(
  env: Record<string, string>,
  from: 'sources' | 'build' = 'sources',
): FeedProcess {
  const args =
    from === 'sources'
      ? ['-r', '@swc-node/register', join(PACKAGE, 'src/main.ts')]
      : [join(PACKAGE, 'dist/main.js')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      JETBOX_LOG_LEVEL: 'warn',
      ...env,
      SWC_NODE_PROJECT: join(PACKAGE, 'tsconfig.child.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((listener) => listener());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    lines,
    waitForLine(prefix, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        const check = () => {
          const line = lines.find((l) => l.startsWith(prefix));
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const onExit = () => {
          cleanup();
          reject(
            new Error(
              `the feed process exited before printing '${prefix}'; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-2_000)}`,
            ),
          );
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `no '${prefix}' from the feed process within ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-2_000)}`,
            ),
          );
        }, timeoutMs);
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
    exited: () => exited,
    stderr: () => stderr,
  };
}
