import type { Container } from 'inversify';
import type { Logger } from '../logging';
import type { HandlerMiddleware } from '../pipeline/handler.middleware';
import type { JetboxHooks } from '../pipeline/jetbox.hooks';
import type { OutboxStore, StreamSpec, Transport } from '../ports';
import type { RelayOptions } from '../outbox/relay.options';

/** A class the container builds. */
export type ServiceClass = abstract new (...args: never[]) => object;

/** Where dead letters go. */
export interface DeadLetterOptions {
  /** Stream name. Default `JETBOX_DLQ`. */
  readonly stream?: string;
  /** A dead letter of durable `d` is stored on `<prefix>.<d>`. Default `jetbox.dlq`. */
  readonly subjectPrefix?: string;
  /** How long dead letters are kept. Default 14 days. */
  readonly maxAgeMs?: number;
  /** Copies kept in a cluster. Default 1. */
  readonly replicas?: number;
}

/** Options of `Jetbox.create()`. Validated there: a `ConfigError` lists every problem at once. */
export interface JetboxOptions {
  /** The app's name: the `ce-source` of what it publishes, and its logs' name. Default `jetbox`. */
  readonly name?: string;
  /** The user's inversify container; every class in `services` must be bound in it. */
  readonly container: Container;
  /** Classes with `@Handles` or `@Publishes` methods. */
  readonly services?: readonly ServiceClass[];
  readonly transport: Transport;
  /**
   * A transactional outbox (`typeormOutbox({ dataSource })` from `@jetbox/typeorm`). With it,
   * `@Publishes` methods run in a transaction whose messages commit with their writes, handlers are
   * idempotent through the inbox, and a relay in this process publishes what was committed.
   */
  readonly outbox?: OutboxStore;
  /** The relay's tuning; `{ enabled: false }` to write to the outbox here but relay elsewhere. */
  readonly relay?: RelayOptions;
  /** Streams to create or update at start. Every handled or published message must fall in one. */
  readonly streams?: readonly StreamSpec[];
  readonly deadLetter?: DeadLetterOptions;
  /** Run around every handler call, in order, after the payload is decoded and validated. */
  readonly middleware?: readonly HandlerMiddleware[];
  readonly hooks?: JetboxHooks;
  /** Extra rule for errors that retrying cannot fix (beside `PermanentError` and invalid payloads). */
  readonly isPermanentError?: (error: unknown) => boolean;
  /** Default: pino at `JETBOX_LOG_LEVEL` (default `info`). */
  readonly logger?: Logger;
  /** How long `stop()` waits for running handlers before releasing their messages. Default 30 000 ms. */
  readonly shutdownTimeoutMs?: number;
  /** False: provision and publish, but start no consumers in this process. Default true. */
  readonly consume?: boolean;
}

/** The defaults, in one place. */
export const JETBOX_DEFAULTS = {
  name: 'jetbox',
  deadLetterStream: 'JETBOX_DLQ',
  deadLetterSubjectPrefix: 'jetbox.dlq',
  deadLetterMaxAgeMs: 14 * 24 * 60 * 60 * 1000,
  shutdownTimeoutMs: 30_000,
  concurrency: 1,
  maxAckPending: 1_000,
  timeoutMs: 30_000,
  /** Added to a handler's timeout to give the server's ack wait: time to nak after a timeout. */
  ackGraceMs: 2_000,
} as const;
