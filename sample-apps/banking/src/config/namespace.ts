import { BankingConfigError } from './config.error';

/** The environment variable that renames the subject root and stream, so test runs never share them. */
export const NAMESPACE_ENV = 'BANKING_NAMESPACE';

/** Subject root and (upper-cased) stream name when `BANKING_NAMESPACE` is not set. */
export const DEFAULT_NAMESPACE = 'banking';

/**
 * Checks a namespace: lower-case letters, digits and `_`, starting with a letter, at most 40
 * characters. It becomes the first token of every subject (`<ns>.transfer.requested.v1`) and, upper
 * case, the stream name (`<NS>`, dead letters in `<NS>_DLQ`).
 */
export function parseNamespace(value: string | undefined): string {
  const namespace = value?.trim() || DEFAULT_NAMESPACE;
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(namespace)) {
    throw new BankingConfigError([
      `${NAMESPACE_ENV} '${namespace}' must be 1–40 lower-case letters, digits or '_', starting with a letter (it becomes a subject token and, upper case, the stream name)`,
    ]);
  }
  return namespace;
}

/**
 * The namespace of this process, read once when the message classes are declared (their types are
 * subjects, fixed at class definition). Default `banking`.
 */
export const NAMESPACE = parseNamespace(process.env[NAMESPACE_ENV]);
