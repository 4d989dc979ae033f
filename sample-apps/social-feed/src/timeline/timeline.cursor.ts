import { InvalidRequestError } from '../feed.errors';

/** Where a timeline page ends: the last item's time and post id (ties on time are ordered by id). */
export interface TimelinePosition {
  readonly createdAt: number;
  readonly postId: string;
}

const SHAPE = /^(\d{1,15})_([0-9A-Za-z-]{1,36})$/;

/** The opaque `next` of a page: `base64url("<createdAt ms>_<postId>")`. */
export function encodeCursor(position: TimelinePosition): string {
  return Buffer.from(`${position.createdAt}_${position.postId}`, 'utf8').toString('base64url');
}

/** Reads a cursor made by {@link encodeCursor}; `InvalidRequestError` for anything else. */
export function decodeCursor(cursor: string): TimelinePosition {
  const match = SHAPE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new InvalidRequestError(
      'invalid_cursor',
      `before='${cursor}' is not a cursor from this API: pass the 'next' of the previous page, or leave 'before' out for the newest posts`,
    );
  }
  return { createdAt: Number(match[1]), postId: match[2]! };
}
