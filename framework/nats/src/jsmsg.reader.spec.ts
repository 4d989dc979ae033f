import { headers as natsHeaders, type JsMsg, type Msg, type MsgHdrs } from 'nats';
import { parseInfo, toJsMsg } from 'nats/lib/jetstream/jsmsg';
import { MsgHdrsImpl } from 'nats/lib/nats-base-client/headers';
import { MsgImpl } from 'nats/lib/nats-base-client/msg';
import { fromNatsHeaders } from './headers.codec';
import { parseAckSubject, readDeliveryNumbers, readHeaders } from './jsmsg.reader';

const encoder = new TextEncoder();
const REPLY = '$JS.ACK._.ABCDEF.ORDERS.reader.3.1042.998.1726000000000000000.17.AbCdEf';

/** A `JsMsg` as the client builds it from the wire: header block, then payload, in one buffer. */
function wireMsg(h: MsgHdrs | undefined, payload: string): JsMsg {
  const block = h ? (h as unknown as { encode(): Uint8Array }).encode() : new Uint8Array(0);
  const data = new Uint8Array([...block, ...encoder.encode(payload)]);
  const arg = { subject: encoder.encode('orders.placed.v1'), reply: encoder.encode(REPLY), sid: 1, hdr: h ? block.byteLength : -1, size: data.byteLength };
  return toJsMsg(new MsgImpl(arg, data, {} as never) as Msg);
}

function realisticHeaders(): MsgHdrs {
  const h = natsHeaders();
  h.set('ce-id', '0190f3e4-8c4a-7b1e-9d2f-3a4b5c6d7e8f');
  h.set('ce-specversion', '1.0');
  h.set('ce-type', 'orders.placed.v1');
  h.set('ce-source', 'urn:jetbox:orders');
  h.set('ce-time', '2024-09-10T12:34:56.789Z');
  h.set('ce-correlationid', '0190f3e4-0000-7b1e-9d2f-3a4b5c6d7e8f');
  h.set('content-type', 'application/json; charset=utf-8');
  h.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  h.set('x-url', 'https://example.com:8443/a?b=c:d');
  h.set('x-unicode', 'Zürich → 東京');
  h.set('Nats-Msg-Id', '0190f3e4-8c4a-7b1e-9d2f-3a4b5c6d7e8f');
  h.append('x-twice', 'first');
  h.append('x-twice', 'second: with a colon');
  return h;
}

describe(readHeaders.name, () => {
  describe('when a delivery carries a realistic header block, a repeated header and values with colons', () => {
    it('should read what the client decodes from the same bytes', () => {
      const msg = wireMsg(realisticHeaders(), '{"total":42}');
      const block = (msg as unknown as { msg: MsgImpl }).msg._rdata.subarray(0, (msg as unknown as { msg: MsgImpl }).msg._msg.hdr);
      const expected = fromNatsHeaders(MsgHdrsImpl.decode(block));
      expect(readHeaders(msg)).toStrictEqual(expected);
      expect(expected['x-twice']).toBe('first,second: with a colon');
    });

    it('should leave the payload to msg.data', () => {
      expect(new TextDecoder().decode(wireMsg(realisticHeaders(), '{"total":42}').data)).toBe('{"total":42}');
    });
  });

  describe('when a delivery has no headers', () => {
    it('should read an empty record', () => {
      expect(readHeaders(wireMsg(undefined, '{}'))).toStrictEqual({});
    });
  });

  describe('when the client keeps its message differently', () => {
    it('should fall back to msg.headers', () => {
      const msg = { headers: realisticHeaders() } as unknown as JsMsg;
      expect(readHeaders(msg)).toStrictEqual(fromNatsHeaders(realisticHeaders()));
    });
  });
});

describe(parseAckSubject.name, () => {
  describe.each([
    ['the current form', REPLY],
    ['the current form without the trailing token', '$JS.ACK.hub.ABCDEF.ORDERS.reader.1.7.7.1726000000000000000.0'],
    ['the form before 2.9', '$JS.ACK.ORDERS.reader.2.1042.998.1726000000000000000.17'],
  ])('when the ack subject is in %s', (_form, reply) => {
    it('should read what the client reads', () => {
      const { deliveryCount, streamSequence } = parseInfo(reply);
      expect(parseAckSubject(reply)).toStrictEqual({ deliveryCount, streamSequence });
    });
  });

  describe.each([['_INBOX.abc.def'], ['$JS.ACK.ORDERS.reader.x.y.1.2.3'], ['$JS.ACK.ORDERS.reader.1']])('when the subject %s is not an ack subject', (reply) => {
    it('should answer undefined', () => {
      expect(parseAckSubject(reply)).toBeUndefined();
    });
  });
});

describe(readDeliveryNumbers.name, () => {
  describe('when a delivery comes from the wire', () => {
    it('should read the numbers of its ack subject', () => {
      expect(readDeliveryNumbers(wireMsg(undefined, '{}'))).toStrictEqual({ deliveryCount: 3, streamSequence: 1042 });
    });
  });

  describe('when the client keeps its message differently', () => {
    it('should fall back to msg.info', () => {
      const msg = { info: { deliveryCount: 2, streamSequence: 9 } } as unknown as JsMsg;
      expect(readDeliveryNumbers(msg)).toStrictEqual({ deliveryCount: 2, streamSequence: 9 });
    });
  });
});
