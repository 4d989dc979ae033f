import { BankingConfigError } from './config.error';

/** The services one process can run; `ROLES` picks some. */
export const ALL_ROLES = ['api', 'accounts', 'transfers', 'ledger'] as const;

/** One service of the banking app. */
export type Role = (typeof ALL_ROLES)[number];

const isRole = (value: string): value is Role => (ALL_ROLES as readonly string[]).includes(value);

/**
 * Parses `ROLES` (a comma list, any order, blanks ignored); every role when it is unset or empty.
 * throws a `BankingConfigError` naming each unknown role and the known ones.
 */
export function parseRoles(value: string | undefined): readonly Role[] {
  const asked = (value ?? '')
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter((role) => role.length > 0);
  if (asked.length === 0) return ALL_ROLES;
  const unknown = asked.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new BankingConfigError([`ROLES has unknown role${unknown.length > 1 ? 's' : ''} ${unknown.map((r) => `'${r}'`).join(', ')}; use a comma list of ${ALL_ROLES.join(', ')} (default: all)`]);
  }
  return ALL_ROLES.filter((role) => asked.includes(role));
}

/** True when `roles` holds every role: only such a process may fall back to the embedded mode. */
export function runsEveryRole(roles: readonly Role[]): boolean {
  return ALL_ROLES.every((role) => roles.includes(role));
}
