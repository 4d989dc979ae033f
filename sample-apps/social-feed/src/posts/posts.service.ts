import { newMessageId, Publishes, unitOfWork } from '@jetbox/core';
import { inject, injectable } from 'inversify';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '../feed.errors';
import { isDuplicateKey } from '../infra/duplicate-key';
import { PostLiked, PostPublished } from '../messages';
import { LikeEntity } from './like.entity';
import { PostEntity } from './post.entity';

/** A post as the API shows it. */
export interface Post {
  readonly id: string;
  readonly authorId: string;
  readonly text: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

/** A post with its like count. */
export interface PostWithLikes extends Post {
  readonly likes: number;
}

/**
 * The posts service: posts and likes, the only code that touches the `posts` and `post_likes`
 * tables. Each write is one transaction with the event it publishes. Callers check that user ids
 * exist (they belong to the users service).
 */
@injectable()
export class PostsService {
  constructor(@inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Stores a post and publishes `PostPublished` (which starts the fan-out and the mention
   * notifications). `text` is already checked; `mentionedUserIds` are the users its `@handles` name.
   */
  @Publishes(PostPublished)
  async publish(
    authorId: string,
    text: string,
    mentionedUserIds: readonly string[],
    ctx = unitOfWork<EntityManager>(),
  ): Promise<Post> {
    const post = { id: newMessageId(), authorId, text, likeCount: 0, createdAt: Date.now() };
    await ctx.manager.insert(PostEntity, post);
    const createdAt = new Date(post.createdAt).toISOString();
    const mentioned = mentionedUserIds.filter((id) => id !== authorId);
    ctx.publish(new PostPublished(post.id, authorId, text, createdAt, mentioned), { key: authorId });
    return { id: post.id, authorId, text, createdAt };
  }

  /**
   * `userId` likes `postId`: resolves true for a new like (count raised, `PostLiked` published),
   * false for a repeated one (nothing changes). Rejects with `NotFoundError` for an unknown post.
   */
  @Publishes(PostLiked)
  async like(postId: string, userId: string, ctx = unitOfWork<EntityManager>()): Promise<boolean> {
    const post = await ctx.manager.findOneBy(PostEntity, { id: postId });
    if (!post) throw new NotFoundError('post', postId);
    const likedAt = Date.now();
    try {
      await ctx.manager.insert(LikeEntity, { postId, userId, likedAt });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    await ctx.manager.increment(PostEntity, { id: postId }, 'likeCount', 1);
    ctx.publish(new PostLiked(postId, post.authorId, userId, new Date(likedAt).toISOString()), {
      key: postId,
    });
    return true;
  }

  /** The post with its likes, or undefined. */
  async find(id: string): Promise<PostWithLikes | undefined> {
    const post = await this.dataSource.manager.findOneBy(PostEntity, { id });
    if (!post) return undefined;
    return {
      id: post.id,
      authorId: post.authorId,
      text: post.text,
      likes: post.likeCount,
      createdAt: new Date(post.createdAt).toISOString(),
    };
  }
}
