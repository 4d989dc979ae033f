import { headers as natsHeaders, type MsgHdrs } from 'nats';

const HEADER_LINE = 'NATS/1.0\r\n';

/**
 * Copies a header record into NATS headers, names and values as they are (names are case-sensitive
 * on the wire). Throws a `TypeError` naming the header when a name or value cannot be sent: names
 * may not contain `:` or white space, values may not contain CR or LF.
 */
export function toNatsHeaders(record: Readonly<Record<string, string>>): MsgHdrs {
  const result = natsHeaders();
  for (const [name, value] of Object.entries(record)) {
    try {
      result.set(name, value);
    } catch (error) {
      throw new TypeError(`header '${name}' cannot be sent: ${(error as Error).message}`);
    }
  }
  return result;
}

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
