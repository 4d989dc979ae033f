import type { FastifyInstance } from 'fastify';
import { decodeCursor } from '../timeline/timeline.cursor';
import type { ApiDependencies } from './api.dependencies';
import { parseInput } from './parse-input';
import { CreateUserBody, FollowBody, NotificationsQuery, TimelineQuery } from './request.schemas';

interface UserParams {
  id: string;
}

/** `/users`: register, follow, unfollow, timeline, notifications. */
export function registerUserRoutes(
  server: FastifyInstance,
  { users, timeline, notifications }: ApiDependencies,
): void {
  server.post('/users', async (request, reply) => {
    const { handle } = parseInput(CreateUserBody, request.body, 'body');
    return reply.status(201).send(await users.register(handle));
  });

  server.post<{ Params: UserParams }>('/users/:id/follows', async (request, reply) => {
    const { followeeId } = parseInput(FollowBody, request.body, 'body');
    const created = await users.follow(request.params.id, followeeId);
    return reply.status(created ? 201 : 200).send({ followerId: request.params.id, followeeId });
  });

  server.delete<{ Params: UserParams & { followeeId: string } }>(
    '/users/:id/follows/:followeeId',
    async (request, reply) => {
      await users.unfollow(request.params.id, request.params.followeeId);
      return reply.status(204).send();
    },
  );

  server.get<{ Params: UserParams }>('/users/:id/timeline', async (request) => {
    const { limit, before } = parseInput(TimelineQuery, request.query, 'query');
    const position = before === undefined ? undefined : decodeCursor(before);
    await users.require(request.params.id);
    return timeline.page(request.params.id, limit, position);
  });

  server.get<{ Params: UserParams }>('/users/:id/notifications', async (request) => {
    const { limit } = parseInput(NotificationsQuery, request.query, 'query');
    await users.require(request.params.id);
    return notifications.latest(request.params.id, limit);
  });
}
