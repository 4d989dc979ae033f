import { formatFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { eventsFolder, listEvents } from '../shared/app-events';
import { eventNames, type EventNames } from '../shared/event-names';
import { GeneratorRefusal } from '../shared/generator-refusal';
import { requireJetboxApp } from '../shared/jetbox-app';
import { requireKebabCase, spaced } from '../shared/names';
import { appendLine } from '../shared/source-edits';
import { templatesOf } from '../shared/templates';
import { writeNewFiles } from '../shared/new-files';
import type { EventGeneratorSchema } from './event.schema';
import { requestedVersion } from './version-option';

function requireVersion(version: unknown): number {
  const value = version ?? 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new GeneratorRefusal(`--version=${String(version)} is not a version: type a whole number from 1, e.g. --version=2.`);
  }
  return value;
}

/**
 * Writes the event class (with its zod schema and subject) into the app's `src/events/` and exports
 * it from `src/events/index.ts`, without formatting. Refuses, having written nothing, when a name is
 * not kebab case, the project is not a Jetbox app, or the event's file exists.
 */
export function addEvent(tree: Tree, options: EventGeneratorSchema): EventNames {
  const name = requireKebabCase(options.name, 'The event name');
  const version = requireVersion(requestedVersion(options.version));
  const app = requireJetboxApp(tree, options.project);
  const event = eventNames(app.name, name, version);
  const folder = eventsFolder(app);
  const newest = Math.max(version, ...listEvents(tree, app).filter((existing) => existing.name === name).map((existing) => existing.version));
  const retry = `To generate it again, delete it first; otherwise pick another event name, or add a version with --version=${newest + 1}.`;
  writeNewFiles(tree, templatesOf('event'), folder, { ...event, description: spaced(name) }, retry);
  const index = joinPathFragments(folder, 'index.ts');
  const current = tree.exists(index) ? tree.read(index, 'utf-8')! : '';
  tree.write(index, appendLine(current, `export * from './${event.fileName}';`));
  return event;
}

/** `nx g @jetbox/generators:event <name> --project=<app> [--version=1]`. */
export async function eventGenerator(tree: Tree, options: EventGeneratorSchema): Promise<void> {
  addEvent(tree, options);
  await formatFiles(tree);
}

export default eventGenerator;
