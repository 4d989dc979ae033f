import { createInbox, ErrorCode, NatsError, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from 'nats';

/** What a stream answered to a publish. */
export interface PubAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
}

interface Waiting {
  readonly resolve: (ack: PubAck) => void;
  readonly reject: (error: Error) => void;
  readonly deadline: number;
}

/** A JetStream API error as the server sends it in a PubAck. */
interface ApiErrorReply {
  readonly error?: { readonly code?: number; readonly err_code?: number; readonly description?: string };
  readonly stream?: string;
  readonly seq?: number;
  readonly duplicate?: boolean;
}

/**
 * Publishes to JetStream and matches each PubAck to its publish, as `js.publish()` does, with one
 * reply subscription (`<inbox>.<n>`) and one timer for the whole connection instead of a request
 * object, a timer and two captured stack traces per message. What a caller may rely on: each
 * `publish` settles once — with the PubAck, with the server's refusal (a `NatsError` carrying
 * `api_error`), with `NO_RESPONDERS` when no stream captures the subject, with `TIMEOUT` after
 * `timeoutMs`, or with `CONNECTION_CLOSED` after `close()`. It throws at once what `nc.publish`
 * throws (`MAX_PAYLOAD_EXCEEDED`, a closed connection). Publishes made while the client reconnects
 * are buffered by the client and acknowledged after it does, or time out.
 */
export class PubAckMux {
  private readonly prefix: string;
  private readonly waiting = new Map<number, Waiting>();
  private readonly subscription: Subscription;
  private next = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    const inbox = createInbox();
    this.prefix = `${inbox}.`;
    this.subscription = nc.subscribe(`${inbox}.*`, { callback: (_error, msg) => this.settle(msg) });
  }

  /** Publishes `data` on `subject` with `headers` (which carry `Nats-Msg-Id`) and resolves with its PubAck. */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs): Promise<PubAck> {
    const token = ++this.next;
    return new Promise<PubAck>((resolve, reject) => {
      this.nc.publish(subject, data, { reply: this.prefix + token, headers });
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
    });
  }

  /** Rejects what still waits (`CONNECTION_CLOSED`) and stops listening. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const closed = NatsError.errorForCode(ErrorCode.ConnectionClosed);
    for (const waiting of this.waiting.values()) waiting.reject(closed);
    this.waiting.clear();
    if (!this.subscription.isClosed()) this.subscription.unsubscribe();
  }

  private settle(msg: Msg): void {
    const token = Number(msg.subject.slice(this.prefix.length));
    const waiting = this.waiting.get(token);
    if (!waiting) return;
    this.waiting.delete(token);
    if (msg.headers?.hasError && msg.headers.code === 503) {
      waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
      return;
    }
    let reply: ApiErrorReply;
    try {
      reply = msg.json<ApiErrorReply>();
    } catch (error) {
      waiting.reject(new NatsError(`the PubAck is not JSON: ${error instanceof Error ? error.message : String(error)}`, ErrorCode.BadJson));
      return;
    }
    if (reply.error) {
      const failure = new NatsError(reply.error.description ?? 'JetStream refused the message', ErrorCode.JetStreamInvalidAck);
      failure.api_error = { code: reply.error.code ?? 0, err_code: reply.error.err_code, description: reply.error.description ?? '' };
      waiting.reject(failure);
      return;
    }
    if (typeof reply.stream !== 'string' || typeof reply.seq !== 'number') {
      waiting.reject(new NatsError('the PubAck names no stream and sequence', ErrorCode.JetStreamInvalidAck));
      return;
    }
    waiting.resolve({ stream: reply.stream, seq: reply.seq, duplicate: reply.duplicate === true });
  }

  /** Rejects every publish past its deadline (they wait in deadline order) and re-arms for the next. */
  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    let timedOut: NatsError | undefined;
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) {
        this.timer = setTimeout(() => this.expire(), waiting.deadline - now);
        return;
      }
      this.waiting.delete(token);
      waiting.reject((timedOut ??= NatsError.errorForCode(ErrorCode.Timeout)));
    }
  }
}
