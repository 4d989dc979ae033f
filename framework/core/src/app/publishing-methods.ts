import { JetboxError } from '../errors';
import type { PublisherDefinition } from '../explorer/topology';
import { getMessageMetadata } from '../messages';
import { BufferedPublishContext, isPublishContext } from '../pipeline/publish-context';
import type { MessagePublisher } from './message.publisher';

const WRAPPED = Symbol.for('@jetbox/core/publishing-methods');

/**
 * Replaces each `@Publishes` method on `instance` (not on its class) with one that passes a fresh
 * publishing context as the method's last parameter and sends what was published once the method
 * resolves. A caller that passes a Jetbox context there joins it instead. Idempotent.
 */
export function wrapPublishingMethods(instance: object, definitions: readonly PublisherDefinition[], publisher: MessagePublisher): void {
  const target = instance as Record<string | symbol, unknown>;
  if (target[WRAPPED]) return;
  for (const definition of definitions) {
    const original = target[definition.method] as (...args: unknown[]) => unknown;
    const allowed = new Set(definition.messages.map((m) => getMessageMetadata(m)?.type));
    const where = `${definition.service.name}.${definition.method}`;
    const check = (message: object) => {
      const type = publisher.metadataOf(message).type;
      if (!allowed.has(type)) throw new JetboxError('CONFIG', `${where} published '${type}', which its @Publishes does not list; add it there`);
    };
    Object.defineProperty(instance, definition.method, {
      configurable: true,
      writable: true,
      value: async function (this: unknown, ...args: unknown[]): Promise<unknown> {
        if (isPublishContext(args[definition.contextIndex])) return original.apply(this, args);
        const context = new BufferedPublishContext(check);
        while (args.length < definition.contextIndex) args.push(undefined);
        args[definition.contextIndex] = context;
        const result = await original.apply(this, args);
        await publisher.publishAll(context.pending);
        return result;
      },
    });
  }
  Object.defineProperty(instance, WRAPPED, { value: true });
}

/** True when `wrapPublishingMethods` has run on `instance`. */
export function hasPublishingMethods(instance: object): boolean {
  return (instance as Record<symbol, unknown>)[WRAPPED] === true;
}
