import { readFile } from 'node:fs/promises';
import { ConfigError, JetboxError, withTimeout, type ConsumerSpec,
  type SubscribeOptions, type OutgoingMessage, type PublishReceipt, type StreamSpec, type Subscription, type Transport } from '@jetbox/core';
import { connect, credsAuthenticator, Events, nkeyAuthenticator, type ConnectionOptions, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { provisionConsumer } from './consumer.provisioner';
import { PubAckMux } from './puback.mux';
import { headersByteLength, MSG_ID_HEADER, toNatsHeaders } from './headers.codec';
import { AckBatcher } from './ack.batcher';
import { JetStreamSubscription } from './jetstream.subscription';
import { resolveNatsOptions, type NatsTransportOptions, type ResolvedNatsOptions } from './nats.options';
import { causeText, translateConnectError, translateJetStreamUnavailable, translatePublishError } from './nats-error.translate';
import { provisionStream } from './stream.provisioner';

/** How long `close()` lets the connection drain (flush publishes and acks) before closing it anyway. */
const DRAIN_TIMEOUT_MS = 10_000;

interface Connected {
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  readonly js: JetStreamClient;
  readonly pubAcks: PubAckMux;
}

/**
 * The `Transport` port over NATS JetStream. Streams and durable pull consumers are provisioned from
 * specs; publishing waits for the stream's acknowledgement (PubAck) and sends the message id as
 * `Nats-Msg-Id`, so a repeat within the stream's duplicate window is dropped; deliveries are acked
 * explicitly. The connection reconnects on its own (forever by default) and subscriptions resume
 * after it does. Decisions — retry, backoff, dead-lettering, concurrency — stay with the core.
 */
export class JetStreamTransport implements Transport {
  /** `nats`. */
  readonly kind = 'nats';
  private readonly options: ResolvedNatsOptions;
  private connected?: Connected;
  private connecting?: Promise<Connected>;
  private closing?: Promise<void>;
  private online = false;
  private readonly subscriptions = new Set<JetStreamSubscription>();
  private readonly acks = new AckBatcher();

  /** Checks the options at once: throws a `ConfigError` listing every problem. */
  constructor(options: NatsTransportOptions = {}) {
    this.options = resolveNatsOptions(options);
  }

  /** `NATS JetStream at <servers>`, never with credentials. */
  describe(): string {
    return `NATS JetStream at ${this.where}`;
  }

  /**
   * Connects and checks that JetStream answers. Resolves at once when already connected. Rejects with
   * a `JetboxError` (`CONNECTION`) that names the servers and says how to start one, or that JetStream
   * is disabled; a `ConfigError` when the `credsFile` cannot be read.
   */
  async connect(): Promise<void> {
    this.closing = undefined;
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
  }

  /** See {@link provisionStream}: create or update, never delete; the subjects become exactly the spec's. */
  async ensureStream(spec: StreamSpec): Promise<void> {
    await provisionStream(this.require('ensureStream').jsm, spec);
  }

  /** See {@link provisionConsumer}: a durable pull consumer with explicit acks, created or updated. */
  async ensureConsumer(spec: ConsumerSpec): Promise<void> {
    await provisionConsumer(this.require('ensureConsumer').jsm, spec);
  }

  /**
   * Stores one message and resolves with the stream's acknowledgement; `duplicate` is true when the
   * stream already held a message with this `msgId` inside its duplicate window. Safe to call many
   * times at once (the calls are pipelined on one connection). Rejects with `PAYLOAD_TOO_LARGE` when
   * data and headers exceed the server's `max_payload`, and with `PUBLISH_FAILED` when no stream
   * captures the subject, the acknowledgement times out (the message may then be stored: publish again
   * with the same `msgId`), or the server refuses it.
   */
  async publish(message: OutgoingMessage): Promise<PublishReceipt> {
    const { nc, pubAcks } = this.require('publish');
    const { subject, msgId, data } = message;
    let headers;
    try {
      headers = toNatsHeaders(message.headers, msgId);
    } catch (error) {
      throw new JetboxError('PUBLISH_FAILED', `cannot publish '${subject}': ${causeText(error)}`, { cause: error });
    }
    try {
      return await pubAcks.publish(subject, data, headers);
    } catch (error) {
      throw translatePublishError(error, {
        subject,
        dataBytes: data.byteLength,
        headerBytes: headersByteLength({ ...message.headers, [MSG_ID_HEADER]: msgId }),
        maxPayload: nc.info?.max_payload,
        timeoutMs: this.options.publishTimeoutMs,
      });
    }
  }

  /**
   * Reads a durable consumer provisioned with `ensureConsumer`; see {@link JetStreamSubscription}.
   * Nothing is pulled until the iterator is read. Throws `NOT_STARTED` before `connect()`.
   */
  subscribe(spec: ConsumerSpec, options: SubscribeOptions = {}): Subscription {
    const { nc, js } = this.require('subscribe');
    const subscription: JetStreamSubscription = new JetStreamSubscription(spec, {
      nc,
      js,
      pullBatch: Math.min(this.options.pullBatch, options.prefetch ?? Number.POSITIVE_INFINITY),
      acks: this.acks,
      logger: this.options.logger,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** True while connected (not reconnecting, not closed). */
  isHealthy(): boolean {
    return this.online && this.connected !== undefined && !this.connected.nc.isClosed();
  }

  /**
   * Stops every subscription (releasing what they pulled but did not yield), then drains the
   * connection, which sends every publish and ack still buffered, and closes it. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private get where(): string {
    return this.options.servers.join(', ');
  }

  private require(operation: string): Connected {
    if (!this.connected) throw new JetboxError('NOT_STARTED', `${operation}() needs a connection: call connect() on the NATS transport first`);
    return this.connected;
  }

  private async open(): Promise<Connected> {
    const nc = await this.dial();
    let jsm: JetStreamManager;
    try {
      jsm = await nc.jetstreamManager();
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw translateJetStreamUnavailable(error, this.where);
    }
    this.connected = { nc, jsm, js: nc.jetstream({ timeout: this.options.publishTimeoutMs }), pubAcks: new PubAckMux(nc, this.options.publishTimeoutMs) };
    this.online = true;
    void this.watch(this.connected);
    this.options.logger.info({ servers: this.where, server: nc.info?.server_name, version: nc.info?.version }, `connected to ${this.describe()}`);
    return this.connected;
  }

  private async dial(): Promise<NatsConnection> {
    const { options } = this;
    const settings: ConnectionOptions = {
      servers: [...options.servers],
      name: options.name,
      user: options.user,
      pass: options.pass,
      token: options.token,
      tls: options.tls,
      timeout: options.connectTimeoutMs,
      reconnect: options.reconnect.enabled,
      maxReconnectAttempts: options.reconnect.maxAttempts,
      reconnectTimeWait: options.reconnect.waitMs,
      reconnectJitter: options.reconnect.jitterMs,
      reconnectJitterTLS: options.reconnect.jitterMs,
      noAsyncTraces: !options.asyncTraces,
    };
    if (options.nkeySeed) settings.authenticator = nkeyAuthenticator(new TextEncoder().encode(options.nkeySeed));
    if (options.credsFile) settings.authenticator = credsAuthenticator(await this.readCreds(options.credsFile));
    try {
      return await connect(settings);
    } catch (error) {
      throw translateConnectError(error, this.where);
    }
  }

  private async readCreds(path: string): Promise<Uint8Array> {
    try {
      return await readFile(path);
    } catch (error) {
      const problem = `nats() option 'credsFile' is '${path}', which cannot be read (${causeText(error)}): give the path of a readable .creds file`;
      throw Object.assign(new ConfigError([problem]), { cause: error });
    }
  }

  /** Tracks the connection's state for isHealthy() and the logs; ends subscriptions if it closes for good. */
  private async watch({ nc, pubAcks }: Connected): Promise<void> {
    const { logger } = this.options;
    void nc.closed().then((error) => {
      this.online = false;
      pubAcks.close();
      if (this.closing || this.connected?.nc !== nc) return;
      const failure = new JetboxError('CONNECTION', `the connection to ${this.describe()} closed${error ? `: ${causeText(error)}` : ''}; call connect() again`, { cause: error });
      logger.error({ servers: this.where, err: error }, failure.message);
      this.connected = undefined;
      this.connecting = undefined;
      for (const subscription of [...this.subscriptions]) void subscription.abort(failure);
    });
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect) {
        this.online = false;
        logger.warn({ server: status.data }, 'disconnected from NATS; reconnecting');
      } else if (status.type === Events.Reconnect) {
        this.online = true;
        logger.info({ server: status.data }, 'reconnected to NATS');
      } else if (status.type === Events.LDM) {
        logger.warn({ server: status.data }, 'the NATS server is entering lame duck mode; the client will move to another server');
      } else if (status.type === Events.Error) {
        logger.error({ err: status.data }, 'NATS connection error');
      }
    }
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.acks.flush();
    const connected = this.connected;
    this.connected = undefined;
    this.connecting = undefined;
    this.online = false;
    if (!connected || connected.nc.isClosed()) return;
    const { nc } = connected;
    try {
      await withTimeout(nc.drain(), DRAIN_TIMEOUT_MS, () => new Error(`drain took longer than ${DRAIN_TIMEOUT_MS} ms`));
    } catch (error) {
      this.options.logger.warn({ err: error }, `could not drain the NATS connection (${causeText(error)}); closing it`);
      await nc.close().catch(() => undefined);
    }
  }
}

/**
 * The JetStream transport for `Jetbox.create({ transport: nats({ servers: process.env.NATS_URL }) })`.
 * Throws a `ConfigError` listing every invalid option; connects only when the app starts.
 */
export function nats(options: NatsTransportOptions = {}): JetStreamTransport {
  return new JetStreamTransport(options);
}
