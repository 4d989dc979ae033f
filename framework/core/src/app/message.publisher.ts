import { newMessageId, toHeaders, type EnvelopeAttributes } from '../envelope';
import { JetboxError, PermanentError } from '../errors';
import { encodeMessage, getMessageMetadata, type MessageClass, type MessageMetadata } from '../messages';
import type { PendingMessage, PublishOptions } from '../pipeline/publish-context';
import type { OutboxRecord, OutgoingMessage, PublishReceipt, StreamSpec, Transport } from '../ports';
import { subjectMatches } from '../util';

/** Turns message instances into wire messages and sends them through the transport. */
export class MessagePublisher {
  private readonly captured = new Map<string, boolean>();

  constructor(
    private readonly transport: Transport,
    private readonly source: string,
    private readonly streams: readonly StreamSpec[],
  ) {}

  /**
   * The metadata of `message`'s class. Throws a `JetboxError` (code `CONFIG`) when the class is not a
   * message class or no declared stream captures its type, so nothing is sent that could not be stored.
   */
  metadataOf(message: object): MessageMetadata {
    const cls = (message as { constructor?: unknown }).constructor;
    const metadata = getMessageMetadata(cls);
    const name = typeof cls === 'function' ? cls.name : typeof message;
    if (!metadata) {
      throw new JetboxError('CONFIG', `cannot publish ${name}: it is not a message class; decorate it with @Event('<context>.<name>.v1')`);
    }
    if (!this.isCaptured(metadata.type)) {
      throw new JetboxError('CONFIG', `cannot publish '${metadata.type}': no declared stream captures it; add one to the 'streams' option`);
    }
    return metadata;
  }

  /**
   * The check a publishing context runs on each message: a message class whose type a stream
   * captures and, when `allowed` is given (the method's `@Publishes`), one of those.
   */
  guard(where: string, allowed?: readonly MessageClass[]): (message: object) => void {
    const types = allowed && new Set(allowed.map((m) => getMessageMetadata(m)?.type));
    return (message) => {
      const { type } = this.metadataOf(message);
      if (types && !types.has(type)) throw new PermanentError(`${where} published '${type}', which its @Publishes does not list; add it there`);
    };
  }

  private isCaptured(type: string): boolean {
    let captured = this.captured.get(type);
    if (captured === undefined) {
      captured = this.streams.some((s) => s.subjects.some((p) => subjectMatches(p, type)));
      this.captured.set(type, captured);
    }
    return captured;
  }

  /**
   * Validates and encodes `message` into a wire message. `parent` is the message being handled, if
   * any: its correlation id, its id as causation id and its trace context are carried over.
   * Synchronous unless the message's schema is async.
   */
  prepare(message: object, options: PublishOptions = {}, parent?: EnvelopeAttributes): OutgoingMessage | Promise<OutgoingMessage> {
    const metadata = this.metadataOf(message);
    if (options.headers) {
      const reserved = Object.keys(options.headers).find((h) => h.toLowerCase().startsWith('ce-'));
      if (reserved) throw new JetboxError('CONFIG', `cannot publish '${metadata.type}': header '${reserved}' is reserved for CloudEvents attributes`);
    }
    const id = options.id ?? newMessageId();
    const attributes: EnvelopeAttributes = {
      id,
      type: metadata.type,
      source: this.source,
      time: new Date().toISOString(),
      correlationId: parent?.correlationId ?? id,
      causationId: parent?.id,
      key: options.key,
      traceParent: parent?.traceParent,
      traceState: parent?.traceState,
    };
    const toMessage = (data: Uint8Array): OutgoingMessage => ({ subject: metadata.type, msgId: id, headers: toHeaders(attributes, options.headers), data });
    const data = encodeMessage(message, metadata);
    return data instanceof Promise ? data.then(toMessage) : toMessage(data);
  }

  /**
   * Validates and encodes messages into outbox records, in order: the record id is the message
   * id, and `delay` becomes the record's `availableAt`.
   */
  async prepareRecords(pending: readonly PendingMessage[], parent?: EnvelopeAttributes): Promise<OutboxRecord[]> {
    const now = Date.now();
    return Promise.all(
      pending.map(async ({ message, options }) => {
        if (options.delay !== undefined && !(Number.isFinite(options.delay) && options.delay >= 0)) {
          throw new JetboxError('CONFIG', `cannot publish with delay ${String(options.delay)}: give a number of ms ≥ 0`);
        }
        const prepared = await this.prepare(message, options, parent);
        return {
          id: prepared.msgId,
          subject: prepared.subject,
          headers: prepared.headers,
          payload: prepared.data,
          key: options.key,
          availableAt: new Date(now + (options.delay ?? 0)),
        };
      }),
    );
  }

  /**
   * Validates, encodes and sends one message; resolves when the stream has stored it. Rejects
   * (never throws synchronously) when the message is invalid, with nothing sent.
   */
  publish(message: object, options?: PublishOptions, parent?: EnvelopeAttributes): Promise<PublishReceipt> {
    try {
      if (options?.delay !== undefined) {
        throw new JetboxError('CONFIG', 'a delayed publish waits in the outbox: configure one, and publish from a @Publishes method or a handler');
      }
      const prepared = this.prepare(message, options, parent);
      return prepared instanceof Promise ? prepared.then((m) => this.transport.publish(m)) : this.transport.publish(prepared);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sends messages in the order given (pipelined: all are on the wire before the first ack returns),
   * and resolves when every one is stored. Everything is validated before the first is sent.
   */
  async publishAll(pending: readonly PendingMessage[], parent?: EnvelopeAttributes): Promise<PublishReceipt[]> {
    if (pending.some((p) => p.options.delay !== undefined)) {
      throw new JetboxError('CONFIG', 'a delayed publish waits in the outbox: configure one (outbox: typeormOutbox({ dataSource }))');
    }
    const prepared = await Promise.all(pending.map((p) => this.prepare(p.message, p.options, parent)));
    return Promise.all(prepared.map((m) => this.transport.publish(m)));
  }
}
