import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';

/** Where integration tests find NATS: `NATS_URL`, else the local default. */
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const REACH_TIMEOUT_MS = 2_000;

/**
 * Resolves when something accepts TCP connections at the URL's host and port (default 4222); throws
 * otherwise, saying how to start NATS. Call it in `beforeAll` so a test needing NATS fails, never skips.
 * Only the first URL of a comma-separated list is tried.
 */
export async function requireNats(url: string = NATS_URL): Promise<void> {
  const first = url.split(',')[0]!.trim();
  let host = '127.0.0.1';
  let port = 4222;
  try {
    const parsed = new URL(first);
    host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || host;
    port = parsed.port ? Number(parsed.port) : port;
  } catch {
    throw new Error(`NATS_URL '${first}' is not a URL: write it as nats://host:4222`);
  }
  const where = `${first.replace(/\/\/[^@/]*@/, '//***@')}`;
  const reason = await tryConnect(host, port, REACH_TIMEOUT_MS);
  if (reason) {
    throw new Error(`NATS is not reachable at ${where} (${reason}): start it with \`nats-server -js\` (see README) or set NATS_URL`);
  }
}

/** Resolves with undefined once a TCP connection opens, or with why it did not within `timeoutMs`. */
export function tryConnect(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (reason?: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish());
    socket.once('error', (error) => finish(error.message));
    socket.connect(port, host);
  });
}

/**
 * A name no other test run uses: `<prefix>_<time>_<random>`, upper case, valid as a stream or durable
 * name and as a subject token. `uniqueName('orders')` → `ORDERS_LZ2K8Q_3F9A1C`.
 */
export function uniqueName(prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${safe}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toUpperCase();
}

/** {@link uniqueName} in lower case, for subjects and message types: `orders_lz2k8q_3f9a1c`. */
export function uniqueSubjectToken(prefix: string): string {
  return uniqueName(prefix).toLowerCase();
}

/**
 * Where integration tests find MariaDB (or MySQL): `MARIADB_HOST` / `MARIADB_PORT`, else
 * 127.0.0.1:3306, as `root` with an empty password.
 */
export const MARIADB = {
  host: process.env.MARIADB_HOST ?? '127.0.0.1',
  port: Number(process.env.MARIADB_PORT ?? 3306),
  user: 'root',
  password: '',
} as const;

/**
 * Resolves when something accepts TCP connections at MariaDB's host and port; throws otherwise,
 * saying how to start it. Call it in `beforeAll` so a test needing MariaDB fails, never skips.
 */
export async function requireMariaDb(host: string = MARIADB.host, port: number = MARIADB.port): Promise<void> {
  const reason = await tryConnect(host, port, REACH_TIMEOUT_MS);
  if (reason) {
    throw new Error(
      `MariaDB is not reachable at ${host}:${port} (${reason}): start it with \`start-stop-daemon --start --oknodo --background --exec "$(command -v mariadbd)"\` (see README), or set MARIADB_HOST/MARIADB_PORT`,
    );
  }
}
