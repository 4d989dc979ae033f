/** An HTTP answer: its status and its body parsed as JSON (undefined when empty). */
export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** A small JSON client for the feed's API at `baseUrl` (Node's fetch). */
export class FeedClient {
  constructor(private readonly baseUrl: string) {}

  get<T = unknown>(path: string): Promise<HttpAnswer<T>> {
    return this.send('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<HttpAnswer<T>> {
    return this.send('POST', path, body === undefined ? undefined : JSON.stringify(body));
  }

  delete<T = unknown>(path: string): Promise<HttpAnswer<T>> {
    return this.send('DELETE', path);
  }

  /** Sends `rawBody` as it is, with content-type JSON: for malformed bodies. */
  async send<T = unknown>(method: string, path: string, rawBody?: string): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: rawBody === undefined ? {} : { 'content-type': 'application/json' },
      body: rawBody,
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** Registers a user; fails unless the API answers 201. */
  async createUser(handle: string): Promise<{ id: string; handle: string }> {
    return this.expect(201, await this.post('/users', { handle }), `POST /users ${handle}`);
  }

  /** Writes a post; fails unless the API answers 201. */
  async createPost(
    authorId: string,
    text: string,
  ): Promise<{ id: string; authorId: string; text: string; createdAt: string }> {
    return this.expect(201, await this.post('/posts', { authorId, text }), 'POST /posts');
  }

  private expect<T>(status: number, answer: HttpAnswer, what: string): T {
    if (answer.status !== status)
      throw new Error(`${what} answered ${answer.status} ${JSON.stringify(answer.body)}, expected ${status}`);
    return answer.body as T;
  }
}
