import { z } from 'zod';
import { DecodeError, SchemaValidationError } from '../errors';
import { decodeMessage, encodeMessage } from './message.codec';
import { Event, getMessageMetadata } from './message.decorator';

const GreetedSchema = z.object({ name: z.string().min(1), times: z.number().int().positive() });

@Event('hello.greeted.v1', { schema: GreetedSchema })
class Greeted {
  constructor(
    readonly name: string,
    readonly times: number,
  ) {}
}

const metadata = getMessageMetadata(Greeted)!;
const bytes = (text: string) => new TextEncoder().encode(text);

describe('encodeMessage', () => {
  it('should write the instance as JSON', async () => {
    expect(new TextDecoder().decode(await encodeMessage(new Greeted('Ada', 2), metadata))).toBe('{"name":"Ada","times":2}');
  });

  it('should refuse an instance that fails its schema, before anything is sent', () => {
    expect(() => encodeMessage(new Greeted('', 2), metadata)).toThrow(SchemaValidationError);
  });
});

describe('decodeMessage', () => {
  describe('when the payload is valid', () => {
    it('should give an instance of the class with the fields', async () => {
      const message = await decodeMessage(bytes('{"name":"Ada","times":2}'), Greeted, metadata);
      expect([message instanceof Greeted, message.name, message.times]).toStrictEqual([true, 'Ada', 2]);
    });
  });

  describe('when the payload is not JSON', () => {
    it('should throw a DecodeError', async () => {
      await expect(decodeMessage(bytes('{"name":'), Greeted, metadata)).rejects.toThrow(DecodeError);
    });
  });

  describe('when the payload is not UTF-8', () => {
    it('should throw a DecodeError', async () => {
      await expect(decodeMessage(new Uint8Array([0xff, 0xfe, 0x7b]), Greeted, metadata)).rejects.toThrow(DecodeError);
    });
  });

  describe('when the payload fails the schema', () => {
    it('should name each failing field', async () => {
      const error = await decodeMessage(bytes('{"name":"Ada","times":-1}'), Greeted, metadata).catch((e: unknown) => e);
      expect((error as SchemaValidationError).issues).toStrictEqual(['times: Too small: expected number to be >0']);
    });
  });

  describe('when the payload is JSON but not an object', () => {
    it('should throw a DecodeError', async () => {
      await expect(decodeMessage(bytes('[1,2]'), Greeted, { ...metadata, schema: undefined })).rejects.toThrow(DecodeError);
    });
  });
});
