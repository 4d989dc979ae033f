import { BANKING_DEFAULTS, loadConfig } from './banking.config';
import { BankingConfigError } from './config.error';
import { parseNamespace } from './namespace';

const problemsOf = (read: () => unknown): readonly string[] => {
  try {
    read();
    return [];
  } catch (error) {
    return error instanceof BankingConfigError ? error.problems : [String(error)];
  }
};

describe('loadConfig', () => {
  describe('when the environment sets nothing', () => {
    it('should use port 3000, the local NATS, the jetbox_banking database and every role', () => {
      expect(loadConfig({})).toStrictEqual({ port: 3000, natsUrl: BANKING_DEFAULTS.natsUrl, databaseUrl: 'mysql://root@127.0.0.1:3306/jetbox_banking', roles: ['api', 'accounts', 'transfers', 'ledger'] });
    });
  });

  describe('when ROLES names some roles', () => {
    it('should run those, in a fixed order, ignoring blanks and case', () => {
      expect(loadConfig({ ROLES: ' Ledger,, api ' }).roles).toStrictEqual(['api', 'ledger']);
    });
  });

  describe('when the environment is wrong in several ways', () => {
    it('should list every problem, each saying what to change', () => {
      expect(problemsOf(() => loadConfig({ ROLES: 'api,bank,teller', PORT: 'http', NATS_URL: 'localhost:4222', DATABASE_URL: 'postgres://x' }))).toStrictEqual([
        "PORT must be a whole number from 0 to 65535 (got 'http')",
        "NATS_URL must look like nats://host:4222 (got 'localhost:4222')",
        "DATABASE_URL must look like mysql://user[:password]@host:3306/database (got 'postgres://x')",
        "ROLES has unknown roles 'bank', 'teller'; use a comma list of api, accounts, transfers, ledger (default: all)",
      ]);
    });
  });
});

describe('parseNamespace', () => {
  it('should default to none', () => {
    expect(parseNamespace(undefined)).toBeUndefined();
  });

  it('should refuse a namespace that cannot be a subject token', () => {
    expect(problemsOf(() => parseNamespace('my.bank'))).toStrictEqual([
      "BANKING_NAMESPACE 'my.bank' must be 1–40 lower-case letters, digits or '_', starting with a letter (it prefixes subjects and, upper case, stream names)",
    ]);
  });
});
