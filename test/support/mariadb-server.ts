import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@jetbox/testing';
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

const EXIT_TIMEOUT_MS = 30_000;

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
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log: string[] = [];
  const keepLog = (chunk: Buffer) => {
    log.push(...chunk.toString().trimEnd().split('\n'));
    log.splice(0, Math.max(0, log.length - 50));
  };

  const install = async () => {
    const proc = spawn(
      binary('mariadb-install-db'),
      ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--user=root', '--skip-test-db'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout?.on('data', keepLog);
    proc.stderr?.on('data', keepLog);
    const timer = setTimeout(() => proc.kill('SIGKILL'), startTimeoutMs);
    const outcome = await new Promise<string | undefined>((resolve) => {
      proc.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'ENOENT' ? 'mariadb-install-db is not on PATH: install MariaDB (apt-get install mariadb-server)' : error.message),
      );
      proc.once('exit', (code, signal) => resolve(code === 0 ? undefined : `exited (${signal ?? `code ${code}`})`));
    });
    clearTimeout(timer);
    if (outcome) throw new Error(`mariadb-install-db in ${dataDir} failed: ${outcome}\n${log.slice(-10).join('\n')}`);
  };

  const launch = async () => {
    log.length = 0;
    const proc = spawn(
      binary('mariadbd'),
      [
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
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    let failure: string | undefined;
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        failure ??= `exited (${signal ?? `code ${code}`})`;
        if (child === proc) child = undefined;
        resolve();
      });
      proc.once('error', (error: NodeJS.ErrnoException) => {
        failure = error.code === 'ENOENT' ? 'mariadbd is not on PATH: install MariaDB (apt-get install mariadb-server)' : error.message;
        if (child === proc) child = undefined;
        resolve();
      });
    });
    proc.stderr?.on('data', keepLog);
    const deadline = Date.now() + startTimeoutMs;
    let last = 'not tried yet';
    for (;;) {
      if (!failure) {
        const reason = await trySelect(port);
        if (reason === undefined) return;
        last = reason;
      }
      if (failure || Date.now() > deadline) {
        proc.kill('SIGKILL');
        await exited;
        throw new Error(`mariadbd on port ${port} did not start: ${failure ?? `no answer within ${startTimeoutMs} ms (${last})`}\n${log.slice(-10).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
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
    await install();
    await launch();
  } catch (error) {
    process.removeListener('exit', onExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    host: '127.0.0.1',
    port,
    dir,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await terminate('SIGTERM');
      process.removeListener('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => terminate('SIGKILL'),
    shutdown: () => terminate('SIGTERM'),
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
    isRunning: () => child !== undefined,
  };
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
