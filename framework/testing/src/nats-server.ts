import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serverProcess } from './server-process';
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

/**
 * Spawns `nats-server -a 127.0.0.1 -p <port> -js -sd <store>` and resolves once it accepts TCP
 * connections; rejects with the server's last log lines if it exits or does not answer in time.
 * Never touches the shared server. Needs `nats-server` on PATH.
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<LocalNatsServer> {
  const port = options.port ?? (await freePort());
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'jetbox-nats-')));
  const server = serverProcess({
    command: 'nats-server',
    args: ['-a', '127.0.0.1', '-p', String(port), ...(options.jetstream === false ? [] : ['-js', '-sd', storeDir])],
    name: `nats-server on port ${port}`,
    installHint: 'install it (https://github.com/nats-io/nats-server/releases)',
    ready: () => tryConnect('127.0.0.1', port, 500),
    startTimeoutMs: options.startTimeoutMs ?? 10_000,
    exitTimeoutMs: 10_000,
  });
  const removeStore = () => (ownsStore ? rm(storeDir, { recursive: true, force: true }) : Promise.resolve());
  try {
    await server.start();
  } catch (error) {
    server.dispose();
    await removeStore();
    throw error;
  }

  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    get pid() {
      return server.pid;
    },
    async stop() {
      await server.stop('SIGTERM');
      server.dispose();
      await removeStore();
    },
    kill: () => server.stop('SIGKILL'),
    restart: () => server.start(),
    isRunning: () => server.isRunning(),
  };
}
