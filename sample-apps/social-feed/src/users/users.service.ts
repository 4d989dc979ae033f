import { newMessageId, Publishes, unitOfWork } from '@jetbox/core';
import { inject, injectable } from 'inversify';
import { DataSource, In, type EntityManager } from 'typeorm';
import { HandleTakenError, InvalidRequestError, NotFoundError } from '../feed.errors';
import { isDuplicateKey } from '../infra/duplicate-key';
import { UserFollowed, UserRegistered, UserUnfollowed } from '../messages';
import { FollowEntity } from './follow.entity';
import { UserEntity } from './user.entity';

/** A user as the API shows it. */
export interface User {
  readonly id: string;
  readonly handle: string;
}

/**
 * The users service: users with unique handles, and who follows whom. The only code that touches the
 * `users` and `follows` tables. Each write is one transaction with the event it publishes.
 */
@injectable()
export class UsersService {
  constructor(@inject(DataSource) private readonly dataSource: DataSource) {}

  /** Registers `handle` (already checked against `HANDLE_PATTERN`); rejects with `HandleTakenError`. */
  @Publishes(UserRegistered)
  async register(handle: string, ctx = unitOfWork<EntityManager>()): Promise<User> {
    if (await ctx.manager.existsBy(UserEntity, { handle })) throw new HandleTakenError(handle);
    const user = { id: newMessageId(), handle, createdAt: Date.now() };
    try {
      await ctx.manager.insert(UserEntity, user);
    } catch (error) {
      // Two registrations of one handle at once: the unique index decides.
      if (isDuplicateKey(error)) throw new HandleTakenError(handle);
      throw error;
    }
    ctx.publish(new UserRegistered(user.id, handle, new Date(user.createdAt).toISOString()), {
      key: user.id,
    });
    return { id: user.id, handle };
  }

  /**
   * Makes `followerId` follow `followeeId`. Resolves true when the follow is new (and `UserFollowed`
   * is published), false when it existed already (nothing changes). Rejects with `NotFoundError` for
   * an unknown user, `InvalidRequestError` for a self-follow.
   */
  @Publishes(UserFollowed)
  async follow(followerId: string, followeeId: string, ctx = unitOfWork<EntityManager>()): Promise<boolean> {
    if (followerId === followeeId)
      throw new InvalidRequestError(
        'self_follow',
        'a user cannot follow themselves: pick another followeeId',
      );
    await this.requireUsers(ctx.manager, followerId, followeeId);
    const followedAt = Date.now();
    try {
      await ctx.manager.insert(FollowEntity, { followerId, followeeId, followedAt });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    ctx.publish(new UserFollowed(followerId, followeeId, new Date(followedAt).toISOString()), {
      key: followeeId,
    });
    return true;
  }

  /** Ends the follow if there is one (then publishes `UserUnfollowed`); rejects with `NotFoundError` for an unknown user. */
  @Publishes(UserUnfollowed)
  async unfollow(followerId: string, followeeId: string, ctx = unitOfWork<EntityManager>()): Promise<void> {
    await this.requireUsers(ctx.manager, followerId, followeeId);
    const { affected } = await ctx.manager.delete(FollowEntity, { followerId, followeeId });
    if (affected)
      ctx.publish(new UserUnfollowed(followerId, followeeId, new Date().toISOString()), { key: followeeId });
  }

  /** The user, or undefined. */
  async find(id: string): Promise<User | undefined> {
    const user = await this.dataSource.manager.findOneBy(UserEntity, { id });
    return user ? { id: user.id, handle: user.handle } : undefined;
  }

  /** Rejects with `NotFoundError` unless the user exists. */
  async require(id: string): Promise<void> {
    await this.requireUsers(this.dataSource.manager, id);
  }

  /** Ids of the users with these handles; handles that match nobody are left out. */
  async idsByHandles(handles: readonly string[]): Promise<string[]> {
    if (handles.length === 0) return [];
    const users = await this.dataSource.manager.find(UserEntity, {
      select: { id: true },
      where: { handle: In([...handles]) },
    });
    return users.map((user) => user.id);
  }

  /**
   * Up to `limit` followers of `followeeId` with ids above `afterId` (all when undefined), in id
   * order, read with `manager`: pages read in one transaction see one snapshot of the follows.
   */
  async followersPage(
    manager: EntityManager,
    followeeId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<string[]> {
    const query = manager
      .createQueryBuilder(FollowEntity, 'f')
      .select('f.follower_id', 'followerId')
      .where('f.followee_id = :followeeId', { followeeId })
      .orderBy('f.follower_id', 'ASC')
      .limit(limit);
    if (afterId !== undefined) query.andWhere('f.follower_id > :afterId', { afterId });
    const rows = await query.getRawMany<{ followerId: string }>();
    return rows.map((row) => row.followerId);
  }

  private async requireUsers(manager: EntityManager, ...ids: string[]): Promise<void> {
    const found = new Set(
      (await manager.find(UserEntity, { select: { id: true }, where: { id: In(ids) } })).map(
        (user) => user.id,
      ),
    );
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError('user', missing);
  }
}
