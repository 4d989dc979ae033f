import { JetboxError } from '../errors';
import type { PublisherDefinition } from '../explorer/topology';
import { getMessageMetadata } from '../messages';
import { BufferedPublishContext, isPublishContext } from '../pipeline/publish-context';
import { OutboxUnitOfWork } from '../pipeline/unit-of-work';
import type { OutboxStore } from '../ports';
import type { MessagePublisher } from './message.publisher';

/** With an outbox: where publishing methods run their transactions, and whom to tell after a commit. */
export interface OutboxBinding {
  readonly store: OutboxStore;
  readonly afterCommit: () => void;
}

const WRAPPED = Symbol.for('@jetbox/core/publishing-methods');

/**
 * Replaces each `@Publishes` method on `instance` (not on its class) with one that passes a fresh
 * context as the method's last parameter. Without an outbox, what was published is sent once the
 * method resolves. With one, the method runs in a transaction and what it published is written to
 * the outbox in it: committed together, or not at all. A caller that passes a Jetbox context there
 * joins it instead. Idempotent.
 */
export function wrapPublishingMethods(
  instance: object,
  definitions: readonly PublisherDefinition[],
  publisher: MessagePublisher,
  outbox?: OutboxBinding,
): void {
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
        while (args.length < definition.contextIndex) args.push(undefined);
        if (!outbox) {
          const context = new BufferedPublishContext(check);
          args[definition.contextIndex] = context;
          const result = await original.apply(this, args);
          await publisher.publishAll(context.pending);
          return result;
        }
        let wrote = false;
        const result = await outbox.store.transaction(async (tx) => {
          const context = new OutboxUnitOfWork(tx, check);
          args[definition.contextIndex] = context;
          const value = await original.apply(this, args);
          if (context.pending.length > 0) {
            await outbox.store.write(tx, await publisher.prepareRecords(context.pending));
            wrote = true;
          }
          return value;
        });
        if (wrote) outbox.afterCommit();
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
