import Fastify, { type FastifyInstance } from 'fastify';
import type { ApiDependencies } from './api.dependencies';
import { installErrorHandling } from './error.handler';
import { registerPostRoutes } from './posts.routes';
import { registerUserRoutes } from './users.routes';

/**
 * The HTTP API of the feed (role `api`), not yet listening: `/users`, `/posts`, `/healthz`. Every
 * error answer is `{ error, message }`. `logError` receives what ended in a 500.
 */
export function buildHttpServer(
  dependencies: ApiDependencies,
  logError: (error: unknown, route: string) => void,
): FastifyInstance {
  const server = Fastify({ logger: false });
  installErrorHandling(server, logError);
  registerUserRoutes(server, dependencies);
  registerPostRoutes(server, dependencies);
  server.get('/healthz', async (_request, reply) => {
    const report = await dependencies.health();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
  return server;
}
