/** An HTTP answer: status and JSON body. */
export interface HttpResult {
  readonly status: number;
  readonly body: unknown;
  /** True when it is the stored answer to an earlier request with the same `Idempotency-Key`. */
  readonly replayed?: boolean;
}

/** The body of every error answer (the 409 `insufficient_funds` carries `error` alone). */
export interface ErrorBody {
  readonly error: string;
  readonly message?: string;
}

/**
 * Thrown to answer with an error; inside a transaction it rolls the transaction back, so nothing
 * the request did is kept (and its idempotency key is not stored).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message ?? body.error);
    this.name = 'HttpError';
  }

  /** 400 `invalid_request`, with what to change. */
  static badRequest(message: string): HttpError {
    return new HttpError(400, { error: 'invalid_request', message });
  }

  /** 404 `not_found`, naming what was not found. */
  static notFound(message: string): HttpError {
    return new HttpError(404, { error: 'not_found', message });
  }
}
