import { CLOUDEVENTS_SPEC_VERSION, Headers, JSON_CONTENT_TYPE } from './headers';

/** The metadata that travels with every message, read from or written to the wire headers. */
export interface EnvelopeAttributes {
  /** One id end to end: `ce-id` and `Nats-Msg-Id`. */
  readonly id: string;
  /** The message type, equal to its subject: `banking.transfer.requested.v1`. */
  readonly type: string;
  /** Who published it (the app's name). */
  readonly source: string;
  /** When it was created (ISO-8601, UTC). */
  readonly time: string;
  /** Shared by every message caused, directly or not, by the same first message. */
  readonly correlationId: string;
  /** The id of the message whose handler published this one. */
  readonly causationId?: string;
  /** Messages with the same key are kept in order where order is asked for. */
  readonly key?: string;
  readonly traceParent?: string;
  readonly traceState?: string;
}

/**
 * Writes the attributes as wire headers, keeping any other headers given. `Nats-Msg-Id` is not among
 * them: the transport sets it from `OutgoingMessage.msgId`.
 */
export function toHeaders(attributes: EnvelopeAttributes, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const headers: Record<string, string> = {
    ...extra,
    [Headers.id]: attributes.id,
    [Headers.type]: attributes.type,
    [Headers.source]: attributes.source,
    [Headers.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [Headers.time]: attributes.time,
    [Headers.contentType]: JSON_CONTENT_TYPE,
    [Headers.correlationId]: attributes.correlationId,
  };
  if (attributes.causationId !== undefined) headers[Headers.causationId] = attributes.causationId;
  if (attributes.key !== undefined) headers[Headers.partitionKey] = attributes.key;
  if (attributes.traceParent !== undefined) headers[Headers.traceParent] = attributes.traceParent;
  if (attributes.traceState !== undefined) headers[Headers.traceState] = attributes.traceState;
  return headers;
}

/**
 * Reads the attributes from wire headers. Lenient for messages from producers that are not Jetbox:
 * a missing `ce-id` falls back to `Nats-Msg-Id`, then to `<stream>:<sequence>`; a missing `ce-type`
 * to the subject; a missing correlation id to the message id.
 */
export function fromHeaders(
  headers: Readonly<Record<string, string>>,
  fallback: { subject: string; stream: string; streamSequence: number },
): EnvelopeAttributes {
  const get = (name: string): string | undefined => headers[name] ?? headers[name.toLowerCase()];
  const id = get(Headers.id) ?? get(Headers.msgId) ?? `${fallback.stream}:${fallback.streamSequence}`;
  return {
    id,
    type: get(Headers.type) ?? fallback.subject,
    source: get(Headers.source) ?? 'unknown',
    time: get(Headers.time) ?? new Date(0).toISOString(),
    correlationId: get(Headers.correlationId) ?? id,
    causationId: get(Headers.causationId),
    key: get(Headers.partitionKey),
    traceParent: get(Headers.traceParent),
    traceState: get(Headers.traceState),
  };
}
