import { fromHeaders, type ConsumerSpec, type EnvelopeAttributes, type OutgoingMessage, type PublishReceipt, type StreamSpec, type SubscribeOptions, type Subscription, type Transport } from '@jetbox/core';

/** A message a `RecordingTransport` saw stored. */
export interface RecordedMessage {
  readonly subject: string;
  readonly envelope: EnvelopeAttributes;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON payload, parsed (undefined when it is not JSON). */
  readonly payload: unknown;
  readonly receipt: PublishReceipt;
}

const decoder = new TextDecoder();

/** Wraps a transport and records every message it stores; otherwise passes everything through. */
export class RecordingTransport implements Transport {
  readonly messages: RecordedMessage[] = [];

  constructor(private readonly inner: Transport) {}

  get kind(): string {
    return this.inner.kind;
  }

  describe(): string {
    return this.inner.describe();
  }

  connect(): Promise<void> {
    return this.inner.connect();
  }

  ensureStream(spec: StreamSpec): Promise<void> {
    return this.inner.ensureStream(spec);
  }

  ensureConsumer(spec: ConsumerSpec): Promise<void> {
    return this.inner.ensureConsumer(spec);
  }

  async publish(message: OutgoingMessage): Promise<PublishReceipt> {
    const receipt = await this.inner.publish(message);
    if (!receipt.duplicate) {
      let payload: unknown;
      try {
        payload = JSON.parse(decoder.decode(message.data));
      } catch {
        payload = undefined;
      }
      const envelope = fromHeaders(message.headers, { subject: message.subject, stream: receipt.stream, streamSequence: receipt.seq });
      this.messages.push({ subject: message.subject, envelope, headers: message.headers, payload, receipt });
    }
    return receipt;
  }

  subscribe(spec: ConsumerSpec, options?: SubscribeOptions): Subscription {
    return this.inner.subscribe(spec, options);
  }

  isHealthy(): boolean {
    return this.inner.isHealthy();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
