import { Event } from '@jetbox/core';
import { z } from 'zod';

/**
 * A post was stored. `mentionedUserIds` are the users its `@handles` named when it was written
 * (handles that matched nobody are left out), never the author.
 */
@Event('social.post.published.v1', {
  schema: z.object({
    postId: z.string().min(1),
    authorId: z.string().min(1),
    text: z.string(),
    createdAt: z.iso.datetime(),
    mentionedUserIds: z.array(z.string().min(1)),
  }),
})
export class PostPublished {
  constructor(
    readonly postId: string,
    readonly authorId: string,
    readonly text: string,
    /** ISO 8601, millisecond precision: the post's place in timelines. */
    readonly createdAt: string,
    readonly mentionedUserIds: readonly string[],
  ) {}
}
