import { getProjects, installPackagesTask, readJson, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { join } from 'node:path';

interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Names of the packages this workspace builds itself (npm workspaces, Nx projects with a package.json). */
function workspacePackageNames(tree: Tree): Set<string> {
  const names = new Set<string>();
  for (const [, project] of getProjects(tree)) {
    const manifest = join(project.root, 'package.json');
    if (tree.exists(manifest)) {
      const name = readJson<PackageManifest>(tree, manifest).name;
      if (name) names.add(name);
    }
  }
  return names;
}

/**
 * Adds to the root package.json each of `dependencies` and `devDependencies` that it does not list
 * yet and that no project of the workspace provides; versions already there are kept. Returns the
 * task that installs them, or undefined when nothing was added.
 */
export function addMissingDependencies(
  tree: Tree,
  dependencies: Readonly<Record<string, string>>,
  devDependencies: Readonly<Record<string, string>>,
): GeneratorCallback | undefined {
  const root = readJson<PackageManifest>(tree, 'package.json');
  const provided = workspacePackageNames(tree);
  const listed = (name: string) => provided.has(name) || root.dependencies?.[name] !== undefined || root.devDependencies?.[name] !== undefined;
  const missing = (wanted: Readonly<Record<string, string>>) => Object.entries(wanted).filter(([name]) => !listed(name));
  const runtime = missing(dependencies);
  const tools = missing(devDependencies);
  if (runtime.length === 0 && tools.length === 0) return undefined;
  updateJson<PackageManifest>(tree, 'package.json', (manifest) => ({
    ...manifest,
    ...(runtime.length > 0 ? { dependencies: sorted({ ...manifest.dependencies, ...Object.fromEntries(runtime) }) } : {}),
    ...(tools.length > 0 ? { devDependencies: sorted({ ...manifest.devDependencies, ...Object.fromEntries(tools) }) } : {}),
  }));
  return () => installPackagesTask(tree);
}

function sorted(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
}
