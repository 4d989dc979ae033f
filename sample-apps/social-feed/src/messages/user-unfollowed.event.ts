import { Event } from '@jetbox/core';
import { z } from 'zod';

/** `followerId` stopped following `followeeId` (an unfollow of someone not followed publishes nothing). */
@Event('social.user.unfollowed.v1', {
  schema: z.object({ followerId: z.string().min(1), followeeId: z.string().min(1), at: z.iso.datetime() }),
})
export class UserUnfollowed {
  constructor(
    readonly followerId: string,
    readonly followeeId: string,
    /** ISO 8601. */
    readonly at: string,
  ) {}
}
