import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { appGenerator } from '../app/app.generator';

/** An empty Nx workspace in memory, without a formatter config (so `formatFiles` leaves files as generated). */
export function emptyWorkspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.delete('.oxfmtrc.json');
  return tree;
}

/** An empty workspace with the Jetbox app `name` generated into it, and a project `tools` that is no Jetbox app. */
export async function workspaceWithApp(name = 'payments'): Promise<Tree> {
  const tree = emptyWorkspace();
  await appGenerator(tree, { name });
  addProjectConfiguration(tree, 'tools', { root: 'libs/tools', projectType: 'library', targets: {} });
  return tree;
}

/** The text of `path` in `tree`; throws when it does not exist. */
export function read(tree: Tree, path: string): string {
  const content = tree.read(path, 'utf-8');
  if (content === null) throw new Error(`${path} was not written`);
  return content;
}
