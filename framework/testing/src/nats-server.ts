import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tryConnect } from './servers';

/** A `nats-server -js` of a test's own, on a loopback port. */
export interface LocalNatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The JetStream store; kept across `kill()` and `restart()`. */
  readonly storeDir: string;
  /** The running process's id; undefined while stopped. */
  readonly pid: number | undefined;
  /** SIGTERM (a clean shutdown), wait for the exit, then delete the store unless it was passed in. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), wait for the exit; the store stays for `restart()`. */
  kill(): Promise<void>;
  /** Start again on the same port and store (stopping it first if it runs); resolves once it accepts connections. */
  restart(): Promise<void>;
  isRunning(): boolean;
}

/** Options of {@link startNatsServer}. */
export interface StartNatsServerOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Default: a new temp folder, deleted by `stop()`. A folder passed here is never deleted. */
  readonly storeDir?: string;
  /** Run with JetStream (`-js`). Default true; false gives a server that rejects JetStream calls. */
  readonly jetstream?: boolean;
  /** How long to wait for the server to accept connections. Default 10 000 ms. */
  readonly startTimeoutMs?: number;
}

const EXIT_TIMEOUT_MS = 10_000;

/**
 * Spawns `nats-server -a 127.0.0.1 -p <port> -js -sd <store>` and resolves once it accepts TCP
 * connections; rejects with the server's last log lines if it exits or does not answer in time.
 * Never touches the shared server. Needs `nats-server` on PATH.
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<LocalNatsServer> {
  const port = options.port ?? (await freePort());
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'jetbox-nats-')));
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log: string[] = [];

  const launch = async () => {
    log.length = 0;
    const args = ['-a', '127.0.0.1', '-p', String(port), ...(options.jetstream === false ? [] : ['-js', '-sd', storeDir])];
    const proc = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let failure: string | undefined;
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        failure ??= `exited (${signal ?? `code ${code}`})`;
        if (child === proc) child = undefined;
        resolve();
      });
      proc.once('error', (error: NodeJS.ErrnoException) => {
        failure = error.code === 'ENOENT' ? 'nats-server is not on PATH: install it (https://github.com/nats-io/nats-server/releases)' : error.message;
        if (child === proc) child = undefined;
        resolve();
      });
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      log.push(...chunk.toString().trimEnd().split('\n'));
      log.splice(0, Math.max(0, log.length - 50));
    });
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      const unreachable = failure ? undefined : await tryConnect('127.0.0.1', port, 500);
      if (!failure && unreachable === undefined) return;
      if (failure || Date.now() > deadline) {
        proc.kill('SIGKILL');
        await exited;
        throw new Error(`nats-server on port ${port} did not start: ${failure ?? `no connection within ${startTimeoutMs} ms`}\n${log.slice(-10).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc) return;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);
  try {
    await launch();
  } catch (error) {
    process.removeListener('exit', onExit);
    if (ownsStore) await rm(storeDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await terminate('SIGTERM');
      process.removeListener('exit', onExit);
      if (ownsStore) await rm(storeDir, { recursive: true, force: true });
    },
    kill: () => terminate('SIGKILL'),
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
    isRunning: () => child !== undefined,
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
