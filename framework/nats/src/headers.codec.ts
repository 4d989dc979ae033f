import { headers as natsHeaders, type MsgHdrs } from 'nats';

const HEADER_LINE = 'NATS/1.0\r\n';

// Header names: printable ASCII except ':' (RFC 7230 token characters are a subset); values: no CR, LF or NUL.
const VALID_NAME = /^[!-9;-~]+$/;
const INVALID_VALUE = /[\r\n\0]/;

/**
 * Copies a header record into NATS headers, names and values as they are (names are case-sensitive
 * on the wire), and `msgId`, when given, as `Nats-Msg-Id`. Throws a `TypeError` naming the header when a name or value cannot be sent: names
 * may not contain `:` or white space, values may not contain CR or LF.
 *
 * Checked here once, the pairs go straight into the client's header map, skipping its per-call
 * validation (a third of the cost of building headers); the client's own `set()` is the fallback
 * should its internals change.
 */
export function toNatsHeaders(record: Readonly<Record<string, string>>, msgId?: string): MsgHdrs {
  const result = natsHeaders();
  const map = (result as unknown as { headers?: unknown }).headers;
  const direct = map instanceof Map ? (map as Map<string, string[]>) : undefined;
  const put = (name: string, value: string) => {
    if (!VALID_NAME.test(name) || INVALID_VALUE.test(value)) {
      throw new TypeError(`header '${name}' cannot be sent: ${VALID_NAME.test(name) ? 'its value contains CR, LF or NUL' : "its name must be printable ASCII without ':' or spaces"}`);
    }
    if (direct) direct.set(name, [value]);
    else result.set(name, value);
  };
  for (const name in record) put(name, record[name]!);
  if (msgId !== undefined) put(MSG_ID_HEADER, msgId);
  return result;
}

/** The header JetStream deduplicates on. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';

/**
 * Reads NATS headers into a record. A header sent several times (which Jetbox never does) becomes
 * its values joined by `,`, as HTTP combines them. No headers: an empty record.
 */
export function fromNatsHeaders(source: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!source) return record;
  for (const [name, values] of source as unknown as Iterable<[string, string[]]>) record[name] = values.length === 1 ? values[0]! : values.join(',');
  return record;
}

/**
 * Reads a raw NATS header block (`NATS/1.0[ status]\r\nName: value\r\n…\r\n\r\n`) into a record,
 * as {@link fromNatsHeaders} reads the client's decoding of it: names exactly as on the wire, values
 * trimmed, a repeated name's values joined by `,`, lines without a `:` skipped. Unlike the client, it
 * never throws: a name with characters the client rejects is kept as it is.
 */
export function parseHeaderBlock(block: string): Record<string, string> {
  const record: Record<string, string> = {};
  let start = block.indexOf('\r\n');
  if (start < 0) return record;
  const length = block.length;
  while (start < length) {
    start += 2;
    let end = block.indexOf('\r\n', start);
    if (end < 0) end = length;
    const colon = block.indexOf(':', start);
    if (colon >= start && colon < end) {
      const name = block.slice(start, colon);
      const value = block.slice(colon + 1, end).trim();
      const previous = record[name];
      record[name] = typeof previous !== 'string' ? value : `${previous},${value}`;
    }
    start = end;
  }
  return record;
}

/** Bytes the headers take on the wire, which count against the server's `max_payload` with the data. */
export function headersByteLength(record: Readonly<Record<string, string>>): number {
  let length = HEADER_LINE.length + 2;
  for (const [name, value] of Object.entries(record)) length += Buffer.byteLength(name) + 2 + Buffer.byteLength(value) + 2;
  return length;
}
