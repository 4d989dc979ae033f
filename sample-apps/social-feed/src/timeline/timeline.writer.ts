import { Handles, type MessageContext } from '@jetbox/core';
import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { FanOutBatch } from '../messages';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { TimelinePostEntity } from './timeline-post.entity';

/**
 * The timeline service's fan-out on write (role `timeline`): each `FanOutBatch` is one transaction —
 * the inbox entry, the post's row and one entry per follower — so a crash loses no batch and a
 * redelivered batch changes nothing (the inbox, and the `(user_id, post_id)` key behind it).
 */
@injectable()
export class TimelineWriter {
  @Handles(FanOutBatch, {
    durable: 'timeline-fan-out',
    concurrency: 4,
    timeoutMs: 5_000,
    retry: { maxDeliver: 20, initialDelayMs: 200, maxDelayMs: 5_000 },
  })
  async onFanOutBatch(batch: FanOutBatch, ctx: MessageContext<EntityManager>): Promise<void> {
    const createdAt = Date.parse(batch.createdAt);
    await ctx.manager
      .createQueryBuilder()
      .insert()
      .into(TimelinePostEntity)
      .values({ postId: batch.postId, authorId: batch.authorId, text: batch.text, createdAt })
      .orIgnore()
      .execute();
    await ctx.manager
      .createQueryBuilder()
      .insert()
      .into(TimelineEntryEntity)
      .values(batch.followerIds.map((userId) => ({ userId, postId: batch.postId, createdAt })))
      .orIgnore()
      .execute();
  }
}
