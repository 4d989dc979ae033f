import { getProjects, joinPathFragments, type Tree } from '@nx/devkit';
import { GeneratorRefusal } from './generator-refusal';

/** The tag `nx g @jetbox/generators:app` gives its projects; the event and handler generators look for it. */
export const JETBOX_APP_TAG = 'jetbox:app';

/** A Jetbox app project of the workspace. */
export interface JetboxApp {
  readonly name: string;
  /** The project's folder, relative to the workspace root: `apps/payments`. */
  readonly root: string;
  /** `apps/payments/src`. */
  readonly sourceRoot: string;
}

/** The names of the workspace's Jetbox apps, sorted. */
export function jetboxAppNames(tree: Tree): string[] {
  return [...getProjects(tree)]
    .filter(([, project]) => project.tags?.includes(JETBOX_APP_TAG))
    .map(([name]) => name)
    .sort();
}

function whatToTypeInstead(tree: Tree, project: string): string {
  const apps = jetboxAppNames(tree);
  if (apps.length === 0) return `There is no Jetbox app in this workspace yet: create one with \`nx g @jetbox/generators:app ${project || '<name>'}\`.`;
  return `Jetbox apps here: ${apps.join(', ')} — type --project=${apps[0]}, or create a new app with \`nx g @jetbox/generators:app ${project || '<name>'}\`.`;
}

/**
 * The Jetbox app named `project`. Refuses, listing the workspace's Jetbox apps, when no project has
 * that name or the project is not a Jetbox app.
 */
export function requireJetboxApp(tree: Tree, project: string | undefined): JetboxApp {
  const name = project?.trim() ?? '';
  const found = name ? getProjects(tree).get(name) : undefined;
  if (!name) throw new GeneratorRefusal(`--project is required: the Jetbox app to add to. ${whatToTypeInstead(tree, name)}`);
  if (!found) throw new GeneratorRefusal(`There is no project '${name}' in this workspace. ${whatToTypeInstead(tree, name)}`);
  if (!found.tags?.includes(JETBOX_APP_TAG)) {
    throw new GeneratorRefusal(
      `Project '${name}' is not a Jetbox app: its project configuration has no '${JETBOX_APP_TAG}' tag (apps made by \`nx g @jetbox/generators:app\` have it). ${whatToTypeInstead(tree, name)}`,
    );
  }
  return { name, root: found.root, sourceRoot: found.sourceRoot ?? joinPathFragments(found.root, 'src') };
}
