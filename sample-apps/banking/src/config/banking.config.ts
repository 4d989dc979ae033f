import { BankingConfigError } from './config.error';
import { parseNamespace } from './namespace';
import { parseRoles, type Role } from './roles';

/** How one banking process runs, read from its environment. */
export interface BankingConfig {
  /** HTTP port of the api role. `PORT`, default 3000. */
  readonly port: number;
  /** `NATS_URL`, default `nats://127.0.0.1:4222`. */
  readonly natsUrl: string;
  /** `DATABASE_URL`, default `mysql://root@127.0.0.1:3306/jetbox_banking` (the database is created if missing). */
  readonly databaseUrl: string;
  /** `ROLES`, default every role. */
  readonly roles: readonly Role[];
  /** `BANKING_NAMESPACE`: the app's streams and subjects under this namespace on the server; none by default. */
  readonly namespace?: string;
}

/** The defaults, in one place. */
export const BANKING_DEFAULTS = {
  port: 3000,
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'mysql://root@127.0.0.1:3306/jetbox_banking',
} as const;

/** Reads and checks the configuration; one `BankingConfigError` lists every problem, each saying what to change. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): BankingConfig {
  const problems: string[] = [];
  const attempt = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      problems.push(...(error instanceof BankingConfigError ? error.problems : [String(error)]));
      return fallback;
    }
  };
  const port = Number(env['PORT'] ?? BANKING_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`PORT must be a whole number from 0 to 65535 (got '${env['PORT']}')`);
  const natsUrl = env['NATS_URL'] || BANKING_DEFAULTS.natsUrl;
  if (!/^(nats|tls):\/\//.test(natsUrl)) problems.push(`NATS_URL must look like nats://host:4222 (got '${natsUrl}')`);
  const databaseUrl = env['DATABASE_URL'] || BANKING_DEFAULTS.databaseUrl;
  if (!/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_]+$/.test(databaseUrl)) {
    problems.push(`DATABASE_URL must look like mysql://user[:password]@host:3306/database (got '${databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}')`);
  }
  const roles = attempt(() => parseRoles(env['ROLES']), []);
  const namespace = attempt(() => parseNamespace(env['BANKING_NAMESPACE']), undefined);
  if (problems.length > 0) throw new BankingConfigError(problems);
  return { port, natsUrl, databaseUrl, roles, ...(namespace ? { namespace } : {}) };
}
