import { InvalidRequestError } from '../feed.errors';
import { decodeCursor, encodeCursor } from './timeline.cursor';

describe('the timeline cursor', () => {
  const position = { createdAt: 1_764_800_000_123, postId: '01a23d57-b7fd-72bc-87b5-90d1db772f45' };

  it('should give back the position it encodes', () => {
    expect(decodeCursor(encodeCursor(position))).toStrictEqual(position);
  });

  it('should be URL-safe and opaque', () => {
    expect(/^[A-Za-z0-9_-]+$/.test(encodeCursor(position))).toStrictEqual(true);
  });

  it.each(['abc', '', Buffer.from('12_').toString('base64url'), Buffer.from('x_01a2').toString('base64url')])(
    'should refuse %j with invalid_cursor',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(InvalidRequestError);
    },
  );
});
