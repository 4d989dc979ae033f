/**
 * The versions of the public packages a generated app uses, pinned to the versions `@jetbox/*` is
 * built and tested with (the same as this repository's root package.json; a unit test keeps them so).
 */
export const PINNED_VERSIONS = {
  '@eslint/js': '9.39.5',
  '@swc/core': '1.16.22',
  '@swc/jest': '0.2.39',
  '@types/jest': '30.0.0',
  '@types/node': '20.19.43',
  'better-sqlite3': '12.9.0',
  eslint: '9.39.5',
  inversify: '7.11.0',
  jest: '30.5.2',
  mysql2: '3.24.6',
  nats: '2.29.3',
  'reflect-metadata': '0.2.2',
  typeorm: '1.1.2',
  typescript: '5.9.3',
  'typescript-eslint': '8.74.0',
  zod: '4.6.7',
} as const;

/** A public package a generated app needs. */
export type PinnedPackage = keyof typeof PINNED_VERSIONS;

/** `{ name: pinned version }` for each of `names`. */
export function pinnedVersions(names: readonly PinnedPackage[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, PINNED_VERSIONS[name]]));
}

/** What a generated app imports at run time. */
export const APP_RUNTIME_PACKAGES = ['inversify', 'mysql2', 'nats', 'reflect-metadata', 'typeorm', 'zod'] as const satisfies readonly PinnedPackage[];

/** What builds, lints and tests a generated app (SQLite backs the outbox in its tests). */
export const APP_TOOL_PACKAGES = [
  '@eslint/js',
  '@swc/core',
  '@swc/jest',
  '@types/jest',
  '@types/node',
  'better-sqlite3',
  'eslint',
  'jest',
  'typescript',
  'typescript-eslint',
] as const satisfies readonly PinnedPackage[];

/** The Jetbox packages a generated app imports at run time (at the version of `@jetbox/generators`). */
export const JETBOX_RUNTIME_PACKAGES = ['@jetbox/core', '@jetbox/nats', '@jetbox/typeorm'] as const;

/** The Jetbox package a generated app's tests use. */
export const JETBOX_TEST_PACKAGES = ['@jetbox/testing'] as const;
