import type { PublisherDefinition } from '../explorer/topology';
import { BufferedPublishContext, isPublishContext } from '../pipeline/publish-context';
import type { OutboxStore } from '../ports';
import type { MessagePublisher } from './message.publisher';
import { runUnitOfWork } from './run-unit-of-work';

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
    const check = publisher.guard(`${definition.service.name}.${definition.method}`, definition.messages);
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
        return runUnitOfWork(outbox.store, publisher, check, outbox.afterCommit, (uow) => {
          args[definition.contextIndex] = uow;
          return original.apply(this, args) as Promise<unknown>;
        });
      },
    });
  }
  Object.defineProperty(instance, WRAPPED, { value: true });
}

/** True when `wrapPublishingMethods` has run on `instance`. */
export function hasPublishingMethods(instance: object): boolean {
  return (instance as Record<symbol, unknown>)[WRAPPED] === true;
}
