import type { StandardSchemaV1 } from '@standard-schema/spec';

/** What `@Event`/`@Command` record on a message class. */
export interface MessageMetadata {
  /** The type, also its subject: dotted, lower case, versioned — `banking.transfer.requested.v1`. */
  readonly type: string;
  readonly kind: 'event' | 'command';
  /** Validates the payload when publishing and when consuming. */
  readonly schema?: StandardSchemaV1;
}

/** Options of `@Event` and `@Command`. */
export interface MessageOptions {
  /** Any Standard Schema v1 validator (zod, valibot, arktype, …) for the JSON payload. */
  readonly schema?: StandardSchemaV1;
}

/** A class whose instances are messages. */
export type MessageClass<T = object> = abstract new (...args: never[]) => T;

const MESSAGE = Symbol.for('@jetbox/core/message');

function recordMessage(type: string, kind: MessageMetadata['kind'], options: MessageOptions): ClassDecorator {
  return (target) => {
    const metadata: MessageMetadata = { type, kind, schema: options.schema };
    Object.defineProperty(target, MESSAGE, { value: metadata, enumerable: false });
  };
}

/**
 * Declares an event class: something that happened, published to the subject `type`. Only records
 * metadata; the type and schema are checked at `Jetbox.create()`.
 */
export function Event(type: string, options: MessageOptions = {}): ClassDecorator {
  return recordMessage(type, 'event', options);
}

/** Declares a command class: a request for one handler to act. Same wire format as an event. */
export function Command(type: string, options: MessageOptions = {}): ClassDecorator {
  return recordMessage(type, 'command', options);
}

/** The metadata declared on `messageClass` itself (not inherited), or undefined. */
export function getMessageMetadata(messageClass: unknown): MessageMetadata | undefined {
  if (typeof messageClass !== 'function') return undefined;
  return Object.prototype.hasOwnProperty.call(messageClass, MESSAGE)
    ? ((messageClass as unknown as Record<symbol, MessageMetadata>)[MESSAGE])
    : undefined;
}
