/** A rule of the feed was broken by the request: the HTTP layer answers 4xx with `code` and the message. */
export abstract class FeedError extends Error {
  /** A stable, machine-readable reason: the `error` field of the HTTP answer. */
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A user or post id names nothing (HTTP 404). */
export class NotFoundError extends FeedError {
  readonly code = 'not_found';

  constructor(what: 'user' | 'post', id: string) {
    super(`no ${what} has the id '${id}'`);
  }
}

/** The handle belongs to someone else (HTTP 409). */
export class HandleTakenError extends FeedError {
  readonly code = 'handle_taken';

  constructor(handle: string) {
    super(`the handle '${handle}' is taken: choose another one`);
  }
}

/** A request that is well formed but not allowed, such as following oneself (HTTP 400). */
export class InvalidRequestError extends FeedError {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
