import { Event } from '@jetbox/core';
import { z } from 'zod';

/** `userId` liked `postId`, written by `authorId` (a repeated like publishes nothing). */
@Event('social.post.liked.v1', {
  schema: z.object({
    postId: z.string().min(1),
    authorId: z.string().min(1),
    userId: z.string().min(1),
    at: z.iso.datetime(),
  }),
})
export class PostLiked {
  constructor(
    readonly postId: string,
    readonly authorId: string,
    readonly userId: string,
    /** ISO 8601. */
    readonly at: string,
  ) {}
}
