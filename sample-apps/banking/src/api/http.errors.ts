import type { Logger } from '@jetbox/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, type ErrorBody } from './http-result';

/** Fastify's body-parsing errors, as answers in the `{ error, message }` shape. */
const PARSE_ERRORS: Record<string, (error: FastifyError) => { status: number; body: ErrorBody }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: (error) => ({
    status: 400,
    body: { error: 'invalid_request', message: `the body is not valid JSON (${error.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'\s*/, '') || 'parse error'}); send a JSON object, e.g. {"amount": 1000}` },
  }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({ status: 400, body: { error: 'invalid_request', message: 'the body is empty but Content-Type is application/json; send a JSON object, e.g. {"amount": 1000}' } }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({ status: 415, body: { error: 'unsupported_media_type', message: 'send the body as JSON with Content-Type: application/json' } }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({ status: 413, body: { error: 'payload_too_large', message: 'the body is too large; these requests need a few hundred bytes' } }),
};

/**
 * Every error answer in one shape, `{ error, message }`: `HttpError`s as thrown, malformed JSON as
 * 400, unknown routes as 404, anything unexpected as 500 (logged, its details not sent).
 */
export function installErrorHandling(http: FastifyInstance, logger: Logger): void {
  http.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.status).send(error.body);
    const parseError = error.code ? PARSE_ERRORS[error.code] : undefined;
    if (parseError) {
      const { status, body } = parseError(error);
      return reply.code(status).send(body);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message });
    }
    logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'the request failed on the server; it may be retried (with the same Idempotency-Key)' });
  });
  http.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}; see docs/samples/banking.md for the API` }),
  );
}
