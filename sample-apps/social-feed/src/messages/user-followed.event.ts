import { Event } from '@jetbox/core';
import { z } from 'zod';

/** `followerId` started following `followeeId` (a repeated follow publishes nothing). */
@Event('social.user.followed.v1', {
  schema: z.object({ followerId: z.string().min(1), followeeId: z.string().min(1), at: z.iso.datetime() }),
})
export class UserFollowed {
  constructor(
    readonly followerId: string,
    readonly followeeId: string,
    /** ISO 8601. */
    readonly at: string,
  ) {}
}
