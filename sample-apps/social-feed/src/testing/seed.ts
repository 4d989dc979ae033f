import { newMessageId } from '@jetbox/core';
import type { DataSource } from 'typeorm';
import { FollowEntity } from '../users/follow.entity';
import { UserEntity } from '../users/user.entity';

/**
 * Writes `count` users who all follow `followeeId` straight into the users service's tables, in
 * chunks, publishing nothing (no "followed" notifications): the set-up of fan-out tests and the
 * benchmark, where thousands of HTTP calls would only slow the run. Resolves with their ids.
 */
export async function seedFollowers(
  dataSource: DataSource,
  followeeId: string,
  count: number,
  handlePrefix: string,
): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  for (let start = 0; start < count; start += 1_000) {
    const chunk = Array.from({ length: Math.min(1_000, count - start) }, (_, i) => ({
      id: newMessageId(),
      handle: `${handlePrefix}${start + i}`,
      createdAt: now,
    }));
    await dataSource.transaction(async (manager) => {
      await manager.insert(UserEntity, chunk);
      await manager.insert(
        FollowEntity,
        chunk.map((user) => ({ followerId: user.id, followeeId, followedAt: now })),
      );
    });
    ids.push(...chunk.map((user) => user.id));
  }
  return ids;
}
