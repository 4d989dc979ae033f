import type { JsMsg } from 'nats';
import { fromNatsHeaders, parseHeaderBlock } from './headers.codec';

/** What nats.js 2.x keeps inside a `JsMsg`: the raw payload and where its header block ends. */
interface RawMsg {
  readonly _rdata?: unknown;
  readonly _msg?: { readonly hdr?: unknown };
}

const decoder = new TextDecoder();

/**
 * The headers of a delivery as a record, read as {@link fromNatsHeaders} reads `msg.headers`. Parses
 * the raw header block itself when the client's internals are as expected (nats.js 2.x), which is
 * several times cheaper than the client's decoding; otherwise falls back to `msg.headers`.
 */
export function readHeaders(msg: JsMsg): Record<string, string> {
  const raw = (msg as unknown as { readonly msg?: RawMsg }).msg;
  const data = raw?._rdata;
  const end = raw?._msg?.hdr;
  if (data instanceof Uint8Array && typeof end === 'number' && end <= data.byteLength) {
    return end > 0 ? parseHeaderBlock(decoder.decode(data.subarray(0, end))) : {};
  }
  return fromNatsHeaders(msg.headers);
}

/** Delivery count and stream sequence of a delivery. */
export interface DeliveryNumbers {
  readonly deliveryCount: number;
  readonly streamSequence: number;
}

const ACK_PREFIX = '$JS.ACK.';

/** The delivery count and stream sequence of a delivery: read from its ack subject, else from `msg.info`. */
export function readDeliveryNumbers(msg: JsMsg): DeliveryNumbers {
  const reply = (msg as unknown as { readonly reply?: unknown }).reply;
  return (typeof reply === 'string' ? parseAckSubject(reply) : undefined) ?? msg.info;
}

/**
 * Reads the delivery count and stream sequence from a JetStream ack subject, in both the current
 * form (`$JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<stream seq>.…`, 11 or more
 * tokens) and the one before 2.9 (`$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.…`, 9
 * tokens). Undefined when `reply` is not one.
 */
export function parseAckSubject(reply: string): DeliveryNumbers | undefined {
  if (!reply.startsWith(ACK_PREFIX)) return undefined;
  let tokens = 1;
  for (let i = reply.indexOf('.'); i >= 0; i = reply.indexOf('.', i + 1)) tokens++;
  const first = tokens === 9 ? 4 : tokens >= 11 ? 6 : -1;
  if (first < 0) return undefined;
  let start = 0;
  for (let token = 0; token < first; token++) start = reply.indexOf('.', start) + 1;
  const middle = reply.indexOf('.', start);
  const end = reply.indexOf('.', middle + 1);
  const deliveryCount = Number(reply.slice(start, middle));
  const streamSequence = Number(reply.slice(middle + 1, end));
  if (!Number.isSafeInteger(deliveryCount) || !Number.isSafeInteger(streamSequence)) return undefined;
  return { deliveryCount, streamSequence };
}
