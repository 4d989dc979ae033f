import type { FastifyError, FastifyInstance } from 'fastify';
import { FeedError, HandleTakenError, NotFoundError } from '../feed.errors';

/** The body of every error answer. */
export interface ErrorBody {
  /** A stable, machine-readable reason: `invalid_request`, `self_follow`, `invalid_cursor`, `not_found`, `handle_taken`, … */
  readonly error: string;
  /** What went wrong and what to change, for a person. */
  readonly message: string;
}

const FASTIFY_CODES: Readonly<Record<string, { status: number; error: string; message?: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: 'invalid_request',
    message: 'the body is not valid JSON (check its quotes, commas and braces): send a JSON object',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    error: 'invalid_request',
    message: 'the body is empty but content-type says JSON: send a JSON object',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported_media_type',
    message: 'send the body as JSON with content-type: application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: 'payload_too_large' },
};

function statusOf(error: FeedError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof HandleTakenError) return 409;
  return 400;
}

/**
 * Every error becomes `{ error, message }`: the feed's own errors with their status (400, 404, 409),
 * malformed JSON as 400 `invalid_request`, an unknown route as 404, and anything unexpected as 500
 * (logged, its details kept out of the answer).
 */
export function installErrorHandling(
  server: FastifyInstance,
  logError: (error: unknown, route: string) => void,
): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof FeedError)
      return reply
        .status(statusOf(error))
        .send({ error: error.code, message: error.message } satisfies ErrorBody);
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known)
      return reply
        .status(known.status)
        .send({ error: known.error, message: known.message ?? error.message } satisfies ErrorBody);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send({ error: 'bad_request', message: error.message } satisfies ErrorBody);
    }
    logError(error, `${request.method} ${request.url}`);
    return reply.status(500).send({
      error: 'internal_error',
      message: 'the server failed to answer; it was logged, try again',
    } satisfies ErrorBody);
  });
  server.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'not_found',
      message: `there is no route ${request.method} ${request.url.split('?')[0]}`,
    } satisfies ErrorBody),
  );
}
