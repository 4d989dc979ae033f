import { DeadLetterHeaders, Headers, type EnvelopeAttributes } from '../envelope';
import { JetboxError } from '../errors';
import type { Delivery, OutgoingMessage } from '../ports';

const MAX_ERROR_LENGTH = 2_000;

/** Why a message was dead-lettered. */
export type DeadLetterReason = 'permanent' | 'max_deliver';

/** One line, no control characters, bounded: header values may not hold CR or LF. */
function headerSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH)}…` : line;
}

/** A description of `error` good for a header: its name, code and message. */
export function describeError(error: unknown): { message: string; code: string } {
  if (error instanceof Error) {
    const code = JetboxError.is(error) ? error.code : ((error as { code?: unknown }).code?.toString() ?? 'HANDLER_ERROR');
    return { message: headerSafe(`${error.name}: ${error.message}`), code: headerSafe(code) };
  }
  return { message: headerSafe(String(error)), code: 'HANDLER_ERROR' };
}

/**
 * The dead-letter copy of `delivery`: the original payload and headers, plus the error, the reason,
 * the consumer and where the original is stored. Its id is derived from the original's and the
 * consumer's, so a repeated dead-lettering of the same delivery is dropped as a duplicate.
 */
export function deadLetterMessage(
  delivery: Delivery,
  envelope: EnvelopeAttributes,
  durable: string,
  subjectPrefix: string,
  reason: DeadLetterReason,
  error: unknown,
): OutgoingMessage {
  const { message, code } = describeError(error);
  const headers: Record<string, string> = { ...delivery.headers };
  delete headers[Headers.msgId];
  Object.assign(headers, {
    [DeadLetterHeaders.error]: message,
    [DeadLetterHeaders.errorCode]: code,
    [DeadLetterHeaders.reason]: reason,
    [DeadLetterHeaders.consumer]: durable,
    [DeadLetterHeaders.stream]: delivery.stream,
    [DeadLetterHeaders.subject]: delivery.subject,
    [DeadLetterHeaders.streamSequence]: String(delivery.streamSequence),
    [DeadLetterHeaders.deliveries]: String(delivery.deliveryCount),
    [DeadLetterHeaders.time]: new Date().toISOString(),
  });
  return { subject: `${subjectPrefix}.${durable}`, msgId: `${envelope.id}.dlq.${durable}`, headers, data: delivery.data };
}
