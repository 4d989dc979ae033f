import type { MessageClass } from '../messages';
import { appendMetadata } from './metadata';

/** What `@Publishes` records. */
export interface PublishesMetadata {
  readonly method: string;
  readonly messages: readonly MessageClass[];
}

export const PUBLISHES = Symbol.for('@jetbox/core/publishes');

/**
 * Declares what the method publishes. Jetbox checks at start that a stream captures each of these
 * messages, and gives the method a publishing context as its last parameter: what it publishes there
 * is sent only if the method resolves (through the outbox, in its transaction, when one is configured).
 * The method may publish only the messages listed. Only records metadata.
 */
export function Publishes(...messages: MessageClass[]): MethodDecorator {
  return (target, propertyKey) => {
    appendMetadata<PublishesMetadata>(PUBLISHES, target.constructor, { method: String(propertyKey), messages });
  };
}
