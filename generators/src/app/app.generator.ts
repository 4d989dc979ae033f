import {
  addProjectConfiguration,
  formatFiles,
  getProjects,
  joinPathFragments,
  readJson,
  runTasksInSerial,
  writeJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { addEvent } from '../event/event.generator';
import { addHandler } from '../handler/handler.generator';
import { appNames } from '../shared/app-names';
import { GeneratorRefusal } from '../shared/generator-refusal';
import { JETBOX_APP_TAG } from '../shared/jetbox-app';
import { requireKebabCase } from '../shared/names';
import { writeNewFiles } from '../shared/new-files';
import { jetboxVersion, templatesOf } from '../shared/templates';
import { APP_RUNTIME_PACKAGES, APP_TOOL_PACKAGES, JETBOX_RUNTIME_PACKAGES, JETBOX_TEST_PACKAGES, pinnedVersions } from '../shared/versions';
import { addMissingDependencies } from '../shared/workspace-dependencies';
import { appPackageJson, appTargets, tsconfigFiles } from './app-config-files';
import type { AppGeneratorSchema } from './app.schema';

/** `apps`, `services/`, `./apps` → a clean relative folder; refuses one outside the workspace. */
function requireDirectory(directory: string | undefined): string {
  const cleaned = (directory ?? 'apps').trim().replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (cleaned.startsWith('/') || cleaned.split('/').includes('..')) {
    throw new GeneratorRefusal(`--directory=${directory} is outside the workspace: type a folder relative to the workspace root, e.g. --directory=apps.`);
  }
  return cleaned;
}

/** CommonJS config files need `.cjs` where the root package.json says `"type": "module"`. */
function commonJsExtension(tree: Tree): 'js' | 'cjs' {
  return tree.exists('package.json') && readJson<{ type?: string }>(tree, 'package.json').type === 'module' ? 'cjs' : 'js';
}

function refuseTakenName(tree: Tree, name: string, root: string): void {
  const taken = getProjects(tree).get(name);
  if (taken) {
    throw new GeneratorRefusal(`There is already a project '${name}' (in ${taken.root}), and generators never overwrite your files. Pick another app name.`);
  }
  if (tree.exists(root) && tree.children(root).length > 0) {
    throw new GeneratorRefusal(`${root} already exists and is not empty, and generators never overwrite your files. Pick another app name or --directory.`);
  }
}

/**
 * `nx g @jetbox/generators:app <name> [--directory=apps]`: a Jetbox service at `<directory>/<name>`
 * with its Nx targets, an example event, handler and test. Adds what the app needs to the root
 * package.json when it is missing, and installs it.
 */
export async function appGenerator(tree: Tree, options: AppGeneratorSchema): Promise<GeneratorCallback> {
  const name = requireKebabCase(options.name, 'The app name');
  const root = joinPathFragments(requireDirectory(options.directory), name);
  refuseTakenName(tree, name, root);
  const names = appNames(name);
  const jestConfigExtension = commonJsExtension(tree);

  addProjectConfiguration(tree, name, {
    root,
    sourceRoot: joinPathFragments(root, 'src'),
    projectType: 'application',
    tags: [JETBOX_APP_TAG],
    targets: appTargets(root, `jest.config.${jestConfigExtension}`),
  });
  const configFiles = { ...tsconfigFiles(), 'package.json': appPackageJson(name, jetboxVersion(), APP_RUNTIME_PACKAGES) };
  for (const [file, content] of Object.entries(configFiles)) writeJson(tree, joinPathFragments(root, file), content);
  writeNewFiles(tree, templatesOf('app'), root, { ...names, jestConfigExtension }, 'Pick another app name or --directory.');

  addEvent(tree, { name: 'ping', project: name });
  addEvent(tree, { name: 'pong', project: name });
  addHandler(tree, { name: 'ping-responder', project: name, event: 'ping', idempotent: true, publishes: 'pong' });

  const jetbox = jetboxVersion();
  const install = addMissingDependencies(
    tree,
    { ...Object.fromEntries(JETBOX_RUNTIME_PACKAGES.map((pkg) => [pkg, jetbox])), ...pinnedVersions(APP_RUNTIME_PACKAGES) },
    { ...Object.fromEntries(JETBOX_TEST_PACKAGES.map((pkg) => [pkg, jetbox])), ...pinnedVersions(APP_TOOL_PACKAGES) },
  );
  await formatFiles(tree);
  return runTasksInSerial(...(install ? [install] : []));
}

export default appGenerator;
