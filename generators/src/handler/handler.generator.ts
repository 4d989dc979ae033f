import { formatFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { requireEvent } from '../shared/app-events';
import type { EventNames } from '../shared/event-names';
import { GeneratorRefusal } from '../shared/generator-refusal';
import { requireJetboxApp, type JetboxApp } from '../shared/jetbox-app';
import { pascalCase, requireKebabCase } from '../shared/names';
import { writeNewFiles } from '../shared/new-files';
import { addImport, addToExportedArray } from '../shared/source-edits';
import { templatesOf } from '../shared/templates';
import type { HandlerGeneratorSchema } from './handler.schema';

/** The names one handler gives its class, files, method and durable consumer. */
interface HandlerNames {
  readonly name: string;
  /** `CaptureRecorder`. */
  readonly className: string;
  /** Under `src/handlers/`, without `.ts`: `capture-recorder.handler`. */
  readonly fileName: string;
  /** `onPaymentCaptured`. */
  readonly methodName: string;
  /** `<app>-<handler>`: unique among the apps that share a stream. */
  readonly durable: string;
}

/** The names in `--publishes=a,b` (or the option given more than once), trimmed, each once. */
export function publishedNames(publishes: string | readonly string[] | undefined): string[] {
  const entries = (typeof publishes === 'string' ? [publishes] : (publishes ?? [])).flatMap((entry) => entry.split(','));
  return [...new Set(entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0))];
}

function requirePublishedEvents(tree: Tree, app: JetboxApp, handled: EventNames, publishes: HandlerGeneratorSchema['publishes']): EventNames[] {
  return publishedNames(publishes).map((name) => {
    requireKebabCase(name, '--publishes entry');
    if (name === handled.name) {
      throw new GeneratorRefusal(`--publishes=${name}: the handler would publish the event it handles, and so handle its own messages forever. Name another event.`);
    }
    return requireEvent(tree, app, name, '--publishes');
  });
}

/**
 * The app's `src/services.ts` with the handler added to its `services` list, so the container binds
 * it. Refuses when the file is missing or has no such list.
 */
function servicesWithHandler(tree: Tree, app: JetboxApp, handler: HandlerNames): { file: string; content: string } {
  const file = joinPathFragments(app.sourceRoot, 'services.ts');
  if (!tree.exists(file)) {
    throw new GeneratorRefusal(`${file} is missing: the handler generator adds each handler to its \`services\` list. Restore it, or generate the app again.`);
  }
  const listed = addToExportedArray(tree.read(file, 'utf-8')!, 'services', handler.className, file);
  return { file, content: addImport(listed, `import { ${handler.className} } from './handlers/${handler.fileName}';`) };
}

function refuseClassNameClash(handler: HandlerNames, events: readonly EventNames[]): void {
  const clash = events.find((event) => event.className === handler.className);
  if (clash) {
    throw new GeneratorRefusal(
      `The handler '${handler.name}' would be a class ${handler.className}, the name of the event class it uses. Name the handler after what it does, e.g. ${handler.name}-handler.`,
    );
  }
}

/** The id of the example message in a handler's test: `payment-1` for `paymentId`, `ping-1` for `id`. */
function sampleKey(event: EventNames): string {
  const about = event.keyField === 'id' ? event.name : event.name.split('-').slice(0, -1).join('-');
  return `${about}-1`;
}

/**
 * Writes the handler service and its test into the app's `src/handlers/` and adds the service to
 * `src/services.ts`, without formatting. Refuses, having written nothing, when a name is not kebab
 * case, the project is not a Jetbox app, an event is missing, or a file exists.
 */
export function addHandler(tree: Tree, options: HandlerGeneratorSchema): HandlerNames {
  const name = requireKebabCase(options.name, 'The handler name');
  const eventName = requireKebabCase(options.event, '--event');
  const app = requireJetboxApp(tree, options.project);
  const event = requireEvent(tree, app, eventName, '--event');
  const publishes = requirePublishedEvents(tree, app, event, options.publishes);
  const handler: HandlerNames = {
    name,
    className: pascalCase(name),
    fileName: `${name}.handler`,
    methodName: `on${event.className}`,
    durable: `${app.name}-${name}`,
  };
  refuseClassNameClash(handler, [event, ...publishes]);
  const services = servicesWithHandler(tree, app, handler);
  const idempotent = options.idempotent === true;
  const eventImports = [event, ...publishes]
    .map((e) => e.className)
    .sort()
    .join(', ');
  writeNewFiles(
    tree,
    templatesOf('handler'),
    joinPathFragments(app.sourceRoot, 'handlers'),
    { ...handler, event, publishes, idempotent, eventImports, sampleKey: sampleKey(event) },
    'To generate it again, delete it first; otherwise pick another handler name.',
  );
  tree.write(services.file, services.content);
  return handler;
}

/** `nx g @jetbox/generators:handler <name> --project=<app> --event=<event> [--idempotent] [--publishes=<event>,…]`. */
export async function handlerGenerator(tree: Tree, options: HandlerGeneratorSchema): Promise<void> {
  addHandler(tree, options);
  await formatFiles(tree);
}

export default handlerGenerator;
