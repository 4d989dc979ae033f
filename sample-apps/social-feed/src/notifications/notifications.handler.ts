import { Handles, newMessageId, type MessageContext } from '@jetbox/core';
import { injectable } from 'inversify';
import type { EntityManager } from 'typeorm';
import { PostLiked, PostPublished, UserFollowed } from '../messages';
import { NotificationEntity, type NotificationType } from './notification.entity';

const RETRY = { maxDeliver: 10, initialDelayMs: 200, maxDelayMs: 5_000 } as const;

/**
 * The notifications service (role `notifications`): "followed you", "mentioned you", "liked your
 * post". Each handler is idempotent (the default with an outbox): its inbox entry and its
 * notifications commit together, so a redelivered message notifies nobody twice; the unique
 * `(source_id, user_id)` key says the same in the schema. Nobody is notified of their own act.
 */
@injectable()
export class NotificationsHandler {
  @Handles(UserFollowed, { durable: 'notifications-followed', concurrency: 4, retry: RETRY })
  async onUserFollowed(event: UserFollowed, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.notify(ctx, [event.followeeId], 'followed', event.followerId, null, event.at);
  }

  @Handles(PostPublished, { durable: 'notifications-mentioned', concurrency: 4, retry: RETRY })
  async onPostPublished(event: PostPublished, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.notify(
      ctx,
      event.mentionedUserIds,
      'mentioned',
      event.authorId,
      event.postId,
      event.createdAt,
    );
  }

  @Handles(PostLiked, { durable: 'notifications-liked', concurrency: 4, retry: RETRY })
  async onPostLiked(event: PostLiked, ctx: MessageContext<EntityManager>): Promise<void> {
    await this.notify(ctx, [event.authorId], 'liked', event.userId, event.postId, event.at);
  }

  private async notify(
    ctx: MessageContext<EntityManager>,
    userIds: readonly string[],
    type: NotificationType,
    actorId: string,
    postId: string | null,
    at: string,
  ): Promise<void> {
    const recipients = [...new Set(userIds)].filter((userId) => userId !== actorId);
    if (recipients.length === 0) return;
    await ctx.manager
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values(
        recipients.map((userId) => ({
          id: newMessageId(),
          userId,
          type,
          actorId,
          postId,
          at: Date.parse(at),
          sourceId: ctx.envelope.id,
        })),
      )
      .orIgnore()
      .execute();
  }
}
