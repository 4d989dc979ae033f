import { generateFiles, joinPathFragments, OverwriteStrategy, type Tree } from '@nx/devkit';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GeneratorRefusal } from './generator-refusal';

/** Values for the templates: `<%= key %>` in their text, `__key__` in their file names. */
export type Substitutions = Readonly<Record<string, unknown>>;

function templateFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? templateFiles(path) : [path];
  });
}

/** Where each template of `folder` lands under `target`, computed as `generateFiles` does. */
export function plannedFiles(folder: string, target: string, substitutions: Substitutions): string[] {
  return templateFiles(folder).map((file) => {
    let path = joinPathFragments(target, relative(folder, file).split('\\').join('/'));
    if (path.endsWith('.template')) path = path.slice(0, -'.template'.length);
    for (const [key, value] of Object.entries(substitutions)) path = path.split(`__${key}__`).join(String(value));
    return path;
  });
}

/**
 * Refuses when any of `paths` exists, naming each, so a generator never overwrites a user's file.
 * `retry` says what to do instead.
 */
export function refuseExisting(tree: Tree, paths: readonly string[], retry: string): void {
  const existing = paths.filter((path) => tree.exists(path));
  if (existing.length === 0) return;
  const which = existing.length === 1 ? `${existing[0]} already exists` : `These files already exist: ${existing.join(', ')}`;
  throw new GeneratorRefusal(`${which}, and generators never overwrite your files. ${retry}`);
}

/**
 * Writes the templates of `folder` under `target`, refusing (before writing anything) when any of
 * the files would replace one that exists.
 */
export function writeNewFiles(tree: Tree, folder: string, target: string, substitutions: Substitutions, retry: string): string[] {
  const paths = plannedFiles(folder, target, substitutions);
  refuseExisting(tree, paths, retry);
  generateFiles(tree, folder, target, { ...substitutions }, { overwriteStrategy: OverwriteStrategy.ThrowIfExisting });
  return paths;
}
