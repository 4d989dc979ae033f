import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** What {@link serverProcess} runs, and how it tells the server is up. */
export interface ServerProcessSpec {
  /** The executable: a name on PATH or a path. */
  readonly command: string;
  readonly args: readonly string[];
  /** How errors name it: `nats-server on port 4333`. */
  readonly name: string;
  /** Said when `command` is not found: how to install it. */
  readonly installHint: string;
  /** Resolves with undefined once the server answers, else with why it does not (yet). */
  readonly ready: () => Promise<string | undefined>;
  /** How long `start()` waits for `ready`. */
  readonly startTimeoutMs: number;
  /** How long `stop()` waits after its signal before it sends SIGKILL. */
  readonly exitTimeoutMs: number;
  /** Pause between `ready` calls. Default 25 ms. */
  readonly pollMs?: number;
}

/** One server process of a test's own, started and stopped as often as the test needs. */
export interface ServerProcess {
  /** The running process's id; undefined while stopped. */
  readonly pid: number | undefined;
  isRunning(): boolean;
  /**
   * Stops the running process (SIGTERM) if there is one, spawns it anew and resolves once `ready`
   * says it answers. If it exits first or does not answer in time, it is killed and this rejects
   * with why and its last stderr lines.
   */
  start(): Promise<void>;
  /** Sends `signal` (then SIGKILL after `exitTimeoutMs`) and resolves once it exited; at once when stopped. */
  stop(signal: NodeJS.Signals): Promise<void>;
  /** Stops killing it when this test process exits (it is killed then until `dispose()`). */
  dispose(): void;
}

const LOG_LINES = 50;

/** A {@link ServerProcess} for `spec`, not started yet. Never more than one process at a time. */
export function serverProcess(spec: ServerProcessSpec): ServerProcess {
  const pollMs = spec.pollMs ?? 25;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log: string[] = [];
  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);

  const stop = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc) return;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), spec.exitTimeoutMs);
    await exited;
    clearTimeout(timer);
  };

  const start = async () => {
    await stop('SIGTERM');
    log.length = 0;
    const proc = spawn(spec.command, [...spec.args], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let failure: string | undefined;
    exited = new Promise((resolve) => {
      const gone = (reason: string) => {
        failure ??= reason;
        if (child === proc) child = undefined;
        resolve();
      };
      proc.once('exit', (code, signal) => gone(`exited (${signal ?? `code ${code}`})`));
      proc.once('error', (error: NodeJS.ErrnoException) => gone(error.code === 'ENOENT' ? `${spec.command} is not on PATH: ${spec.installHint}` : error.message));
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      log.push(...chunk.toString().trimEnd().split('\n'));
      log.splice(0, Math.max(0, log.length - LOG_LINES));
    });
    const deadline = Date.now() + spec.startTimeoutMs;
    let last = 'not tried yet';
    for (;;) {
      if (!failure) {
        const reason = await spec.ready();
        if (reason === undefined && !failure) return;
        last = reason ?? last;
      }
      if (failure || Date.now() > deadline) {
        const why = failure ?? `no answer within ${spec.startTimeoutMs} ms (${last})`;
        proc.kill('SIGKILL');
        await exited;
        throw new Error(`${spec.name} did not start: ${why}\n${log.slice(-10).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  return {
    get pid() {
      return child?.pid;
    },
    isRunning: () => child !== undefined,
    start,
    stop,
    dispose: () => process.removeListener('exit', onExit),
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
