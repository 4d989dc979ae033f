import { joinPathFragments, type Tree } from '@nx/devkit';
import { eventNames, type EventNames } from './event-names';
import { GeneratorRefusal } from './generator-refusal';
import type { JetboxApp } from './jetbox-app';

const EVENT_FILE = /^([a-z][a-z0-9-]*?)(?:\.v(\d+))?\.event\.ts$/;

/** Where an app keeps its events: `apps/payments/src/events`. */
export function eventsFolder(app: JetboxApp): string {
  return joinPathFragments(app.sourceRoot, 'events');
}

/** The events generated in `app`, by name and version, read from the names of the files in its events folder. */
export function listEvents(tree: Tree, app: JetboxApp): EventNames[] {
  const folder = eventsFolder(app);
  if (!tree.exists(folder)) return [];
  return tree
    .children(folder)
    .map((file) => EVENT_FILE.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => eventNames(app.name, match[1]!, match[2] === undefined ? 1 : Number(match[2])))
    .sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

/**
 * The newest version of the event `name` in `app`. Refuses, listing the app's events and the command
 * that creates the missing one, when the app has no such event. `option` is how the user named it.
 */
export function requireEvent(tree: Tree, app: JetboxApp, name: string, option: string): EventNames {
  const events = listEvents(tree, app);
  const versions = events.filter((event) => event.name === name);
  if (versions.length > 0) return versions[versions.length - 1]!;
  const known = [...new Set(events.map((event) => event.name))];
  const existing = known.length > 0 ? `Events in ${app.name}: ${known.join(', ')}.` : `${app.name} has no events yet.`;
  throw new GeneratorRefusal(
    `${option}=${name}: there is no event '${name}' in ${app.name} (no ${eventsFolder(app)}/${name}.event.ts). ${existing} Create it first with \`nx g @jetbox/generators:event ${name} --project=${app.name}\`.`,
  );
}
