import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../feed.errors';
import { mentionedHandles } from '../posts/post-text';
import type { ApiDependencies } from './api.dependencies';
import { parseInput } from './parse-input';
import { CreatePostBody, LikeBody } from './request.schemas';

interface PostParams {
  id: string;
}

/** `/posts`: write, like, read. */
export function registerPostRoutes(server: FastifyInstance, { users, posts }: ApiDependencies): void {
  server.post('/posts', async (request, reply) => {
    const { authorId, text } = parseInput(CreatePostBody, request.body, 'body');
    await users.require(authorId);
    return reply
      .status(201)
      .send(await posts.publish(authorId, text, await users.idsByHandles(mentionedHandles(text))));
  });

  server.post<{ Params: PostParams }>('/posts/:id/likes', async (request, reply) => {
    const { userId } = parseInput(LikeBody, request.body, 'body');
    await users.require(userId);
    const created = await posts.like(request.params.id, userId);
    return reply.status(created ? 201 : 200).send({ postId: request.params.id, userId });
  });

  server.get<{ Params: PostParams }>('/posts/:id', async (request) => {
    const post = await posts.find(request.params.id);
    if (!post) throw new NotFoundError('post', request.params.id);
    return post;
  });
}
