import { Handles, Publishes, type MessageContext } from '@jetbox/core';
import { inject, injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { FEED_SETTINGS, type FeedSettings } from '../app/feed.settings';
import { FanOutBatch, PostPublished } from '../messages';
import { UsersService } from './users.service';

/** Followers read per query. */
const READ_PAGE = 5_000;

/**
 * The users service's part of a fan-out (role `users`): on `PostPublished`, reads the author's
 * followers in id order, 5 000 per query, in the handler's one transaction — one consistent
 * snapshot of the follows (InnoDB REPEATABLE READ), so a user who unfollowed before this read gets
 * nothing and one who follows is in exactly one batch — and publishes one `FanOutBatch` per
 * `fanOutBatchSize` followers through the outbox, in that same transaction with the inbox entry: a
 * redelivered `PostPublished` plans nothing twice.
 */
@injectable()
export class AudiencePlanner {
  constructor(
    @inject(UsersService) private readonly users: UsersService,
    @inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {}

  @Handles(PostPublished, {
    durable: 'users-post-audience',
    concurrency: 2,
    timeoutMs: 30_000,
    retry: { maxDeliver: 10, initialDelayMs: 500 },
  })
  @Publishes(FanOutBatch)
  async onPostPublished(post: PostPublished, ctx: MessageContext<EntityManager>): Promise<void> {
    const size = this.settings.fanOutBatchSize;
    // Read many followers per query (one round trip per 5 000, not per batch), publish them by batch.
    const readSize = Math.max(size, READ_PAGE);
    let batch = 0;
    for (let after: string | undefined; ;) {
      const page = await this.users.followersPage(ctx.manager, post.authorId, after, readSize);
      for (let start = 0; start < page.length; start += size) {
        const followerIds = page.slice(start, start + size);
        // No key: the batches of a post may be published and written in any order, in parallel.
        ctx.publish(new FanOutBatch(post.postId, post.createdAt, batch++, followerIds));
      }
      if (page.length < readSize) return;
      after = page[page.length - 1];
    }
  }
}
