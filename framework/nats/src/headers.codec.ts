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

/** Bytes the headers take on the wire, which count against the server's `max_payload` with the data. */
export function headersByteLength(record: Readonly<Record<string, string>>): number {
  let length = HEADER_LINE.length + 2;
  for (const [name, value] of Object.entries(record)) length += Buffer.byteLength(name) + 2 + Buffer.byteLength(value) + 2;
  return length;
}
