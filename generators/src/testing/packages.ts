import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';

/** The packages a user installs, by their folder in this repository. */
export const JETBOX_PACKAGE_FOLDERS = ['framework/core', 'framework/nats', 'framework/typeorm', 'framework/testing', 'generators'] as const;

/**
 * Builds the `@jetbox/*` packages of the workspace at `root` and packs each with `npm pack` into
 * `destination`. Resolves with each package's name and its tarball's path.
 */
export async function packJetbox(root: string, destination: string): Promise<Record<string, string>> {
  await run(join(root, 'node_modules/.bin/tsc'), ['-b', ...JETBOX_PACKAGE_FOLDERS.map((folder) => join(folder, 'tsconfig.json'))], { cwd: root, timeoutMs: 5 * 60_000 });
  const tarballs: Record<string, string> = {};
  for (const folder of JETBOX_PACKAGE_FOLDERS) {
    const { name, version } = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as { name: string; version: string };
    await run('npm', ['pack', '--pack-destination', destination], { cwd: join(root, folder), timeoutMs: 60_000 });
    tarballs[name] = join(destination, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  }
  return tarballs;
}
