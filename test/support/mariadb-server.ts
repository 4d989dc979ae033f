import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serverProcess } from '@jetbox/testing';
import { createConnection } from 'mysql2/promise';

/** A `mariadbd` of a test's own, on a loopback port, with its data in a temp folder. */
export interface LocalMariaDb {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The temp folder (data directory and socket); kept across `kill()` and `restart()`, deleted by `stop()`. */
  readonly dir: string;
  /** The running process's id; undefined while stopped. */
  readonly pid: number | undefined;
  /** SIGTERM (a clean shutdown), wait for the exit, then delete the temp folder. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), wait for the exit; the data stays for `restart()`. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit; the data stays for `restart()`. */
  shutdown(): Promise<void>;
  /** Start again on the same port and data (shutting it down first if it runs); resolves once it answers a query. */
  restart(): Promise<void>;
  isRunning(): boolean;
}

/** Options of {@link startMariaDb}. */
export interface StartMariaDbOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** How long to wait for `mariadb-install-db` and for the server to answer. Default 30 000 ms each. */
  readonly startTimeoutMs?: number;
}

/**
 * Creates a data directory with `mariadb-install-db`, spawns `mariadbd --no-defaults` on it (root
 * with an empty password, loopback only, no binary log) and resolves once root can run `SELECT 1`
 * over TCP; rejects with the server's last log lines if it exits or does not answer in time.
 * Never touches the shared server. Needs `mariadb-install-db` and `mariadbd` on PATH (or in /usr/sbin).
 */
export async function startMariaDb(options: StartMariaDbOptions = {}): Promise<LocalMariaDb> {
  const port = options.port ?? (await freePort());
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const dir = await mkdtemp(join(tmpdir(), 'jetbox-mariadb-'));
  const dataDir = join(dir, 'data');
  const server = serverProcess({
    command: binary('mariadbd'),
    args: [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'sock')}`,
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      '--user=root',
      '--skip-log-bin',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=64M',
    ],
    name: `mariadbd on port ${port}`,
    installHint: INSTALL_HINT,
    ready: () => trySelect(port),
    startTimeoutMs,
    exitTimeoutMs: 30_000,
    pollMs: 50,
  });
  try {
    await installDataDir(dataDir, startTimeoutMs);
    await server.start();
  } catch (error) {
    server.dispose();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    host: '127.0.0.1',
    port,
    dir,
    get pid() {
      return server.pid;
    },
    async stop() {
      await server.stop('SIGTERM');
      server.dispose();
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => server.stop('SIGKILL'),
    shutdown: () => server.stop('SIGTERM'),
    restart: () => server.start(),
    isRunning: () => server.isRunning(),
  };
}

const INSTALL_HINT = 'install MariaDB (apt-get install mariadb-server)';

/** Runs `mariadb-install-db` into `dataDir`; rejects with its last output lines if it fails or takes longer than `timeoutMs`. */
async function installDataDir(dataDir: string, timeoutMs: number): Promise<void> {
  const log: string[] = [];
  const keepLog = (chunk: Buffer) => {
    log.push(...chunk.toString().trimEnd().split('\n'));
    log.splice(0, Math.max(0, log.length - 50));
  };
  const proc = spawn(
    binary('mariadb-install-db'),
    ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--user=root', '--skip-test-db'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc.stdout?.on('data', keepLog);
  proc.stderr?.on('data', keepLog);
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const outcome = await new Promise<string | undefined>((resolve) => {
    proc.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? `mariadb-install-db is not on PATH: ${INSTALL_HINT}` : error.message));
    proc.once('exit', (code, signal) => resolve(code === 0 ? undefined : `exited (${signal ?? `code ${code}`})`));
  });
  clearTimeout(timer);
  if (outcome) throw new Error(`mariadb-install-db in ${dataDir} failed: ${outcome}\n${log.slice(-10).join('\n')}`);
}

/** Resolves with undefined once root runs `SELECT 1` over TCP, or with why it could not. */
async function trySelect(port: number): Promise<string | undefined> {
  try {
    const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', password: '', connectTimeout: 1_000 });
    try {
      await connection.query('SELECT 1');
    } finally {
      await connection.end().catch(() => undefined);
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The command on PATH, else in /usr/sbin (where Debian puts `mariadbd`, outside a user's PATH). */
function binary(name: string): string {
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const dir of [...dirs, '/usr/sbin', '/usr/local/sbin']) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return name;
}
