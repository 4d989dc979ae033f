import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/** The symbolic links under `folder` (recursively) that lead into `forbidden`. */
export function linksInto(folder: string, forbidden: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      const target = realpathSync(path);
      return target === forbidden || target.startsWith(`${forbidden}/`) ? [path] : [];
    }
    return entry.isDirectory() && !lstatSync(path).isSymbolicLink() ? linksInto(path, forbidden) : [];
  });
}
