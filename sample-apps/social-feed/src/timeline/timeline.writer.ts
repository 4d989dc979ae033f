import { Handles, type MessageContext } from '@jetbox/core';
import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { FanOutBatch, PostPublished } from '../messages';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { TimelinePostEntity } from './timeline-post.entity';

/** Short handler deadlines: a timeline process that dies has its messages delivered again within seconds. */
const HANDLING = {
  timeoutMs: 5_000,
  retry: { maxDeliver: 20, initialDelayMs: 200, maxDelayMs: 5_000 },
} as const;

/**
 * The timeline service's fan-out on write (role `timeline`). Each `FanOutBatch` is one transaction —
 * the inbox entry and one entry per follower — so a crash loses no batch and a redelivered batch
 * changes nothing (the inbox, and the `(user_id, post_id)` key behind it). The post itself (author,
 * text) is stored once, from `PostPublished`, and not by every batch: concurrent batches of one post
 * would otherwise queue on that one row's lock. A page shows an entry once its post is stored.
 */
@injectable()
export class TimelineWriter {
  @Handles(PostPublished, { durable: 'timeline-posts', concurrency: 4, ...HANDLING })
  async onPostPublished(post: PostPublished, ctx: MessageContext<EntityManager>): Promise<void> {
    await ctx.manager
      .createQueryBuilder()
      .insert()
      .into(TimelinePostEntity)
      .values({
        postId: post.postId,
        authorId: post.authorId,
        text: post.text,
        createdAt: Date.parse(post.createdAt),
      })
      .orIgnore()
      .execute();
  }

  @Handles(FanOutBatch, { durable: 'timeline-fan-out', concurrency: 4, ...HANDLING })
  async onFanOutBatch(batch: FanOutBatch, ctx: MessageContext<EntityManager>): Promise<void> {
    const createdAt = Date.parse(batch.createdAt);
    await ctx.manager
      .createQueryBuilder()
      .insert()
      .into(TimelineEntryEntity)
      .values(batch.followerIds.map((userId) => ({ userId, postId: batch.postId, createdAt })))
      .orIgnore()
      .execute();
  }
}
