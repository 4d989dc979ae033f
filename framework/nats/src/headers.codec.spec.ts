import { headers as natsHeaders } from 'nats';
import { fromNatsHeaders, headersByteLength, toNatsHeaders } from './headers.codec';

describe('headers codec', () => {
  const record = {
    'ce-id': '0190f3e4-8c4a-7b1e-9d2f-3a4b5c6d7e8f',
    'ce-type': 'banking.account.credited.v1',
    'content-type': 'application/json',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'Nats-Msg-Id': '0190f3e4-8c4a-7b1e-9d2f-3a4b5c6d7e8f',
    'x-unicode': 'Zürich → 東京',
  };

  describe('when a record goes to NATS headers and back', () => {
    it('should come back equal, names in their case', () => {
      expect(fromNatsHeaders(toNatsHeaders(record))).toStrictEqual(record);
    });
  });

  describe('when a header value holds a line break', () => {
    it('should throw a TypeError naming the header', () => {
      expect(() => toNatsHeaders({ 'x-bad': 'a\r\nb' })).toThrow(/^header 'x-bad' cannot be sent: /);
    });
  });

  describe('when a header name holds a colon', () => {
    it('should throw a TypeError naming the header', () => {
      expect(() => toNatsHeaders({ 'x:bad': 'v' })).toThrow(TypeError);
    });
  });

  describe('when a message has no headers', () => {
    it('should read an empty record', () => {
      expect(fromNatsHeaders(undefined)).toStrictEqual({});
    });
  });

  describe('when a header was sent twice', () => {
    it('should join the values with a comma', () => {
      const h = natsHeaders();
      h.append('x-twice', 'a');
      h.append('x-twice', 'b');
      expect(fromNatsHeaders(h)).toStrictEqual({ 'x-twice': 'a,b' });
    });
  });

  describe('when the client is built header by header with its own set()', () => {
    it('should encode the same bytes as the direct path', () => {
      const viaSet = natsHeaders();
      for (const [name, value] of Object.entries(record)) viaSet.set(name, value);
      const encode = (h: unknown) => Buffer.from((h as { encode(): Uint8Array }).encode()).toString();
      expect(encode(toNatsHeaders(record))).toBe(encode(viaSet));
    });
  });

  describe(headersByteLength.name, () => {
    it('should count what the client encodes on the wire', () => {
      const encoded = (toNatsHeaders(record) as unknown as { encode(): Uint8Array }).encode();
      expect(headersByteLength(record)).toBe(encoded.byteLength);
    });
  });
});
