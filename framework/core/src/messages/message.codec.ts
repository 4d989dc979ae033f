import { DecodeError, PermanentError } from '../errors';
import type { MessageClass, MessageMetadata } from './message.decorator';
import { validateWithSchema } from './schema';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a message instance into its JSON payload, validating it first when the class has a schema
 * (so nothing invalid is ever sent). Synchronous unless the schema is async. Throws (or rejects with)
 * `SchemaValidationError` or `PermanentError`.
 */
export function encodeMessage(message: object, metadata: MessageMetadata): Uint8Array | Promise<Uint8Array> {
  try {
    if (!metadata.schema) return encoder.encode(JSON.stringify(message));
    // Validate what the wire will carry (dates as strings, no methods), then send the schema's output.
    const value = validateWithSchema(metadata.schema, JSON.parse(JSON.stringify(message)), `'${metadata.type}'`);
    return value instanceof Promise ? value.then((v) => encoder.encode(JSON.stringify(v))) : encoder.encode(JSON.stringify(value));
  } catch (cause) {
    if (cause instanceof PermanentError) throw cause;
    throw new PermanentError(`'${metadata.type}' cannot be serialized to JSON: ${String(cause)}`, { cause });
  }
}

/**
 * Reads a payload back into an instance of `messageClass` (its prototype, with the validated fields;
 * the constructor is not called). Throws `DecodeError` for bytes that are not UTF-8 JSON and
 * `SchemaValidationError` for JSON that fails the schema — both permanent.
 */
export async function decodeMessage<T extends object>(
  data: Uint8Array,
  messageClass: MessageClass<T>,
  metadata: MessageMetadata,
): Promise<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch (cause) {
    throw new DecodeError(`'${metadata.type}' payload is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const value = metadata.schema ? await validateWithSchema(metadata.schema, parsed, `'${metadata.type}' payload`) : parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError(`'${metadata.type}' payload must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return Object.assign(Object.create(messageClass.prototype) as T, value);
}
