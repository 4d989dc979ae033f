import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../shared/templates';

/** This repository's root: the folder above `generators/`. */
export const REPOSITORY_ROOT = join(packageRoot(), '..');

const ROOT_FILES = ['package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'tsconfig.json', 'jest.preset.js', 'jest.config.js', 'eslint.config.mjs', '.prettierrc.json', '.prettierignore', '.gitignore'];
const PACKAGES = { core: 'framework/core', nats: 'framework/nats', typeorm: 'framework/typeorm', testing: 'framework/testing', generators: 'generators' } as const;

/** A copy of this workspace in a temp folder. */
export interface WorkspaceCopy {
  readonly root: string;
  remove(): void;
}

/**
 * Copies the root config and the `@jetbox/*` packages (sources and any `dist/`, timestamps kept so
 * their builds stay up to date) to a temp folder outside the repository. Its `node_modules` links
 * each installed package of this repository, except `@jetbox/*`, which link to the copies: the
 * copy builds and runs its own Jetbox packages, as this repository does.
 */
export function copyThisWorkspace(): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), 'jetbox-generators-workspace-'));
  for (const file of ROOT_FILES) cpSync(join(REPOSITORY_ROOT, file), join(root, file), { preserveTimestamps: true });
  for (const folder of Object.values(PACKAGES)) {
    cpSync(join(REPOSITORY_ROOT, folder), join(root, folder), {
      recursive: true,
      preserveTimestamps: true,
      filter: (source) => basename(source) !== 'node_modules',
    });
  }
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@jetbox'), { recursive: true });
  for (const entry of readdirSync(join(REPOSITORY_ROOT, 'node_modules'))) {
    if (entry !== '@jetbox' && entry !== '.cache') symlinkSync(join(REPOSITORY_ROOT, 'node_modules', entry), join(modules, entry));
  }
  for (const [name, folder] of Object.entries(PACKAGES)) symlinkSync(join(root, folder), join(modules, '@jetbox', name));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
