import type { FastifyReply } from 'fastify';
import type { HttpResult } from '../http-result';

/** Sends `result`, marking a stored answer replayed for a repeated `Idempotency-Key`. */
export function send(reply: FastifyReply, result: HttpResult): FastifyReply {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).send(result.body);
}
