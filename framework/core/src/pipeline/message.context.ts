import type { EnvelopeAttributes } from '../envelope';
import { BufferedPublishContext, type PublishContext } from './publish-context';

/** What a handler knows about the message it handles, and how it publishes. */
export interface MessageContext extends PublishContext {
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
  ) {
    super(check);
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
