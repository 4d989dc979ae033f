/**
 * Header names on the wire: CloudEvents 1.0 binary mode (`ce-*` and `content-type`), the JetStream
 * deduplication id, W3C trace context, and Jetbox's extension attributes. Any client in any language
 * can read a Jetbox message from these alone.
 */
export const Headers = {
  id: 'ce-id',
  type: 'ce-type',
  source: 'ce-source',
  specVersion: 'ce-specversion',
  time: 'ce-time',
  contentType: 'content-type',
  /** CloudEvents extension attributes (lower-case alphanumerics, as the spec requires). */
  correlationId: 'ce-correlationid',
  causationId: 'ce-causationid',
  partitionKey: 'ce-partitionkey',
  traceParent: 'traceparent',
  traceState: 'tracestate',
  /** JetStream deduplication: equal to `ce-id`. */
  msgId: 'Nats-Msg-Id',
} as const;

/** Headers Jetbox adds to a dead-letter copy, beside all the original headers. */
export const DeadLetterHeaders = {
  error: 'jetbox-dlq-error',
  errorCode: 'jetbox-dlq-error-code',
  reason: 'jetbox-dlq-reason',
  consumer: 'jetbox-dlq-consumer',
  stream: 'jetbox-dlq-stream',
  subject: 'jetbox-dlq-subject',
  streamSequence: 'jetbox-dlq-stream-seq',
  deliveries: 'jetbox-dlq-deliveries',
  time: 'jetbox-dlq-time',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';
