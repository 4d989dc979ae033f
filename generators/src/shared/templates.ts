import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = '@jetbox/generators';

function isThisPackage(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
}

/** The folder of the `@jetbox/generators` package, found from this file, whether it runs from `src/` or `dist/`. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isThisPackage(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package folder above ${from}`);
  }
}

/**
 * The template folder of a generator: `src/<generator>/files` in the package. Templates stay in
 * `src/` (the package ships them) so the generators find them whether they run from `src/` in this
 * repository or from the compiled `dist/`.
 */
export function templatesOf(generator: 'app' | 'event' | 'handler'): string {
  return join(packageRoot(), 'src', generator, 'files');
}

/** The version of `@jetbox/generators`, which is the version of the `@jetbox/*` packages it generates code for. */
export function jetboxVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
