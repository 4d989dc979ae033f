import { accessSync, constants } from 'node:fs';
import { ConfigError } from '@jetbox/core';
import type { TlsOptions } from 'nats';

/** The logging calls the transport makes (pino-compatible; a core `Logger` fits). Default: silent. */
export interface NatsTransportLogger {
  debug?(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What the client does when the connection drops. */
export interface NatsReconnectOptions {
  /** Reconnect after the connection drops. Default `true`. */
  readonly enabled?: boolean;
  /** Attempts per server before the connection closes for good; `-1` (default): forever. */
  readonly maxAttempts?: number;
  /** Wait between attempts to the same server. Default 2 000 ms. */
  readonly waitMs?: number;
  /** A random extra wait up to this, so that many clients do not reconnect in lockstep. Default 100 ms. */
  readonly jitterMs?: number;
}

/** Options of the {@link nats} transport. Every field is optional; all are checked by the factory. */
export interface NatsTransportOptions {
  /**
   * `nats://host:port` or `tls://host:port` URLs, one or several (a cluster). Credentials in a URL
   * (`nats://user:pass@host`, `nats://token@host`) are used and never logged.
   * Default: `NATS_URL`, else `nats://127.0.0.1:4222`.
   */
  readonly servers?: string | readonly string[];
  /** Connection name shown by the server's monitoring (`/connz`). */
  readonly name?: string;
  /** User and password; give both or neither. */
  readonly user?: string;
  readonly pass?: string;
  /** Token authentication. */
  readonly token?: string;
  /** NKey authentication: a user seed (`SU…`). */
  readonly nkeySeed?: string;
  /** A `.creds` file (JWT and seed), read at `connect()`. */
  readonly credsFile?: string;
  /** TLS settings, passed to the `nats` client as they are. Implied (as `{}`) by a `tls://` URL. */
  readonly tls?: TlsOptions;
  readonly reconnect?: NatsReconnectOptions;
  /** How long `connect()` waits for the server. Default 5 000 ms. */
  readonly connectTimeoutMs?: number;
  /** How long `publish()` waits for the stream's acknowledgement. Default 5 000 ms. */
  readonly publishTimeoutMs?: number;
  /**
   * Messages one pull asks for, and so the most a subscription holds before the core reads them
   * (capped by the consumer's `maxAckPending`). Held messages' ack timers run, so keep it near the
   * handler's concurrency. Default 64.
   */
  readonly pullBatch?: number;
  /**
   * Let the `nats` client capture a stack trace when each request starts, to name it if it times
   * out. Costs two `Error` objects per publish (about a third of the client's CPU at high rates);
   * Jetbox's own errors already name the subject and the operation. Default `false`.
   */
  readonly asyncTraces?: boolean;
  readonly logger?: NatsTransportLogger;
}

/** Options after defaults and checks; credentials are taken out of the server URLs. */
export interface ResolvedNatsOptions {
  /** URLs without credentials: safe to log. */
  readonly servers: readonly string[];
  readonly name?: string;
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  readonly nkeySeed?: string;
  readonly credsFile?: string;
  readonly tls?: TlsOptions;
  readonly reconnect: Required<NatsReconnectOptions>;
  readonly connectTimeoutMs: number;
  readonly publishTimeoutMs: number;
  readonly pullBatch: number;
  readonly asyncTraces: boolean;
  readonly logger: NatsTransportLogger;
}

/** Defaults of every option that has one. */
export const NATS_DEFAULTS = {
  server: 'nats://127.0.0.1:4222',
  reconnect: { enabled: true, maxAttempts: -1, waitMs: 2_000, jitterMs: 100 },
  connectTimeoutMs: 5_000,
  publishTimeoutMs: 5_000,
  pullBatch: 64,
  asyncTraces: false,
} as const;

const silent: NatsTransportLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const KNOWN = ['servers', 'name', 'user', 'pass', 'token', 'nkeySeed', 'credsFile', 'tls', 'reconnect', 'connectTimeoutMs', 'publishTimeoutMs', 'pullBatch', 'asyncTraces', 'logger'];
const RECONNECT_KNOWN = ['enabled', 'maxAttempts', 'waitMs', 'jitterMs'];

interface ParsedServer {
  readonly url: string;
  readonly user?: string;
  readonly pass?: string;
}

/**
 * Applies defaults and checks every option. Throws one `ConfigError` listing every problem found,
 * each naming the option and saying what to change.
 */
export function resolveNatsOptions(options: NatsTransportOptions = {}): ResolvedNatsOptions {
  const problems: string[] = [];
  const at = (option: string, problem: string) => problems.push(`nats() option '${option}' ${problem}`);

  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) at(key, `is not an option of the NATS transport; known options: ${KNOWN.join(', ')}`);
  }

  const servers = parseServers(options.servers ?? process.env.NATS_URL ?? NATS_DEFAULTS.server, at);
  const urlCredentials = servers.filter((s) => s.user !== undefined);
  const first = urlCredentials[0];
  if (urlCredentials.some((s) => s.user !== first?.user || s.pass !== first?.pass)) {
    at('servers', 'holds different credentials in different URLs: use the same ones in every URL, or move them to user/pass/token');
  }
  let { user, pass, token } = options;
  if (first && (user !== undefined || pass !== undefined || token !== undefined)) {
    at('servers', 'has credentials in a URL and also user/pass/token: give them one way only');
  } else if (first) {
    if (first.pass === undefined) token = first.user;
    else [user, pass] = [first.user, first.pass];
  }

  checkText(options.name, 'name', at);
  checkText(user, 'user', at);
  checkText(pass, 'pass', at);
  checkText(token, 'token', at);
  checkText(options.nkeySeed, 'nkeySeed', at);
  checkText(options.credsFile, 'credsFile', at);
  if ((user === undefined) !== (pass === undefined)) at(user === undefined ? 'pass' : 'user', 'is given without its pair: give both user and pass, or neither');
  const methods = [user !== undefined || pass !== undefined ? 'user/pass' : '', token !== undefined ? 'token' : '', options.nkeySeed !== undefined ? 'nkeySeed' : '', options.credsFile !== undefined ? 'credsFile' : ''].filter(Boolean);
  if (methods.length > 1) problems.push(`nats() options ${methods.join(', ')} are ${methods.length} ways to authenticate: give only one`);
  if (typeof options.nkeySeed === 'string' && !options.nkeySeed.startsWith('SU')) at('nkeySeed', "must be a user seed, which starts with 'SU' (from `nsc` or `nk -gen user`)");
  if (typeof options.credsFile === 'string' && options.credsFile !== '') {
    try {
      accessSync(options.credsFile, constants.R_OK);
    } catch {
      at('credsFile', `is '${options.credsFile}', which cannot be read: give the path of a readable .creds file`);
    }
  }

  if (options.tls !== undefined && (typeof options.tls !== 'object' || options.tls === null)) at('tls', 'must be an object of nats TlsOptions ({ caFile, certFile, keyFile, … })');
  const wantsTls = servers.some((s) => s.url.startsWith('tls://'));
  if (wantsTls && servers.some((s) => s.url.startsWith('nats://'))) at('servers', 'mixes nats:// and tls:// URLs: the client uses TLS for all or none, so use one scheme');

  const reconnect = resolveReconnect(options.reconnect, at);
  const connectTimeoutMs = integer(options.connectTimeoutMs, NATS_DEFAULTS.connectTimeoutMs, 1, 'connectTimeoutMs', 'milliseconds, e.g. 5000', at);
  const publishTimeoutMs = integer(options.publishTimeoutMs, NATS_DEFAULTS.publishTimeoutMs, 1, 'publishTimeoutMs', 'milliseconds, e.g. 5000', at);
  const pullBatch = integer(options.pullBatch, NATS_DEFAULTS.pullBatch, 1, 'pullBatch', 'messages, e.g. 64', at);
  if (options.asyncTraces !== undefined && typeof options.asyncTraces !== 'boolean') at('asyncTraces', `is ${JSON.stringify(options.asyncTraces)}: it must be true or false`);

  const logger = options.logger ?? silent;
  if (options.logger !== undefined && !['info', 'warn', 'error'].every((m) => typeof (options.logger as unknown as Record<string, unknown>)?.[m] === 'function')) {
    at('logger', 'must have info, warn and error methods taking (fields, message), as a pino logger has');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    servers: servers.map((s) => s.url),
    name: options.name,
    user,
    pass,
    token,
    nkeySeed: options.nkeySeed,
    credsFile: options.credsFile,
    tls: options.tls ?? (wantsTls ? {} : undefined),
    reconnect,
    connectTimeoutMs,
    publishTimeoutMs,
    pullBatch,
    asyncTraces: options.asyncTraces ?? NATS_DEFAULTS.asyncTraces,
    logger,
  };
}

function parseServers(value: unknown, at: (option: string, problem: string) => void): ParsedServer[] {
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (!Array.isArray(list) || list.length === 0) {
    at('servers', 'must be a URL such as nats://127.0.0.1:4222, or a non-empty array of them');
    return [];
  }
  const parsed: ParsedServer[] = [];
  for (const raw of list as unknown[]) {
    const server = parseServer(raw);
    if (typeof server === 'string') at('servers', server);
    else parsed.push(server);
  }
  return parsed;
}

function parseServer(raw: unknown): ParsedServer | string {
  if (typeof raw !== 'string' || raw === '') return `holds ${JSON.stringify(raw)}, which is not a URL: write nats://host:4222`;
  if (!raw.includes('://')) return `holds '${redact(raw)}', which has no scheme: write it as nats://${redact(raw).replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `holds '${redact(raw)}', which is not a URL: write it as nats://host:4222`;
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') {
    return `holds '${redact(raw)}', a WebSocket URL: the Node.js nats client speaks TCP only, so use the server's client port, e.g. nats://${url.hostname}:4222`;
  }
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:') return `holds '${redact(raw)}': use a nats:// URL (or tls:// for TLS), e.g. nats://${url.hostname || '127.0.0.1'}:4222`;
  if (!url.hostname) return `holds '${redact(raw)}', which names no host: write nats://host:4222`;
  const clean = `${url.protocol}//${url.host}`;
  if (!url.username) return { url: clean };
  return { url: clean, user: decodeURIComponent(url.username), pass: url.password ? decodeURIComponent(url.password) : undefined };
}

/** A URL with any credentials replaced by `***`, for messages. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1***@');
}

function checkText(value: unknown, option: string, at: (option: string, problem: string) => void): void {
  if (value !== undefined && (typeof value !== 'string' || value === '')) at(option, 'must be a non-empty string when given');
}

function integer(value: unknown, fallback: number, min: number, option: string, unit: string, at: (option: string, problem: string) => void): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    at(option, `is ${JSON.stringify(value)}: it must be an integer ≥ ${min} (${unit})`);
    return fallback;
  }
  return value;
}

function resolveReconnect(value: NatsReconnectOptions | undefined, at: (option: string, problem: string) => void): Required<NatsReconnectOptions> {
  const defaults = NATS_DEFAULTS.reconnect;
  if (value === undefined) return { ...defaults };
  if (typeof value !== 'object' || value === null) {
    at('reconnect', 'must be an object such as { maxAttempts: -1, waitMs: 2000 }');
    return { ...defaults };
  }
  for (const key of Object.keys(value)) {
    if (!RECONNECT_KNOWN.includes(key)) at(`reconnect.${key}`, `is not a reconnect setting; known settings: ${RECONNECT_KNOWN.join(', ')}`);
  }
  if (value.enabled !== undefined && typeof value.enabled !== 'boolean') at('reconnect.enabled', 'must be true or false');
  const maxAttempts = integer(value.maxAttempts, defaults.maxAttempts, -1, 'reconnect.maxAttempts', '-1 for forever', at);
  return {
    enabled: value.enabled ?? defaults.enabled,
    maxAttempts,
    waitMs: integer(value.waitMs, defaults.waitMs, 0, 'reconnect.waitMs', 'milliseconds, e.g. 2000', at),
    jitterMs: integer(value.jitterMs, defaults.jitterMs, 0, 'reconnect.jitterMs', 'milliseconds, e.g. 100', at),
  };
}
