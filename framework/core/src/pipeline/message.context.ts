import type { EnvelopeAttributes } from '../envelope';
import type { OutboxTransaction } from '../ports';
import { BufferedPublishContext, type PublishContext } from './publish-context';

/**
 * What a handler knows about the message it handles, and how it publishes. For an idempotent
 * handler (an outbox is configured), `manager` is the open transaction's handle (TypeORM:
 * `EntityManager`): the handler's writes, the inbox entry and what it publishes commit together.
 */
export interface MessageContext<M = unknown> extends PublishContext {
  /** The transaction's handle; undefined for a handler that is not idempotent. */
  readonly manager: M;
  /** The open transaction, to pass to code that joins it; undefined when not idempotent. */
  readonly transaction?: OutboxTransaction<M>;
  /** The envelope: id, type, source, time, correlation and causation ids, key, trace context. */
  readonly envelope: EnvelopeAttributes;
  readonly subject: string;
  /** All wire headers, as received. */
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on the first delivery; more on retries. */
  readonly deliveryCount: number;
  /** Aborted when the handler's deadline passes or shutdown's deadline forces it to give up. */
  readonly signal: AbortSignal;
  /** Still working: restarts the handler's deadline and the server's ack timer. */
  working(): Promise<void>;
}

/** The context given to one handler call. Publishes are held until the handler resolves. */
export class DeliveryContext extends BufferedPublishContext implements MessageContext {
  constructor(
    private readonly flight: { readonly envelope: EnvelopeAttributes; readonly signal: AbortSignal },
    readonly subject: string,
    readonly headers: Readonly<Record<string, string>>,
    readonly deliveryCount: number,
    private readonly onWorking: () => Promise<void>,
    check: (message: object) => void,
    readonly transaction?: OutboxTransaction,
  ) {
    super(check);
  }

  get manager(): unknown {
    return this.transaction?.manager;
  }

  get envelope(): EnvelopeAttributes {
    return this.flight.envelope;
  }

  get signal(): AbortSignal {
    return this.flight.signal;
  }

  working(): Promise<void> {
    return this.onWorking();
  }
}
