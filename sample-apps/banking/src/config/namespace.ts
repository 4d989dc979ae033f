import { BankingConfigError } from './config.error';

/** The environment variable that puts the app's streams and subjects under a namespace, so test runs never share them. */
export const NAMESPACE_ENV = 'BANKING_NAMESPACE';

/**
 * Checks a namespace: lower-case letters, digits and `_`, starting with a letter, at most 40
 * characters; none when unset. On the server it prefixes every subject (`<ns>.banking.…`) and,
 * upper case, the stream names (`<NS>_BANKING`, `<NS>_BANKING_DLQ`); the app keeps its own names.
 */
export function parseNamespace(value: string | undefined): string | undefined {
  const namespace = value?.trim();
  if (!namespace) return undefined;
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(namespace)) {
    throw new BankingConfigError([
      `${NAMESPACE_ENV} '${namespace}' must be 1–40 lower-case letters, digits or '_', starting with a letter (it prefixes subjects and, upper case, stream names)`,
    ]);
  }
  return namespace;
}
