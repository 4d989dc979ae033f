import { JetboxError } from '../errors';
import type { OutboxTransaction } from '../ports';
import { BufferedPublishContext, type PublishContext } from './publish-context';

/**
 * A database transaction with an outbox: what is published here is written to the outbox in the
 * same transaction, so it is sent if, and only if, the transaction commits. `manager` is the
 * driver's handle (TypeORM: `EntityManager`) for the method's own writes.
 */
export interface UnitOfWork<M = unknown> extends PublishContext {
  readonly manager: M;
  /** The open transaction, to pass to code that joins it. */
  readonly transaction: OutboxTransaction<M>;
}

/** The unit of work Jetbox gives a `@Publishes` method when an outbox is configured. */
export class OutboxUnitOfWork<M = unknown> extends BufferedPublishContext implements UnitOfWork<M> {
  constructor(
    readonly transaction: OutboxTransaction<M>,
    check: (message: object) => void,
  ) {
    super(check);
  }

  get manager(): M {
    return this.transaction.manager;
  }
}

/**
 * The default value for a `@Publishes` method's unit-of-work parameter, so callers need not pass
 * one: `async credit(cmd: Credit, ctx = unitOfWork<EntityManager>()) { await ctx.manager… }`.
 * Jetbox replaces it on every call; this placeholder only throws, saying why it was reached.
 */
export function unitOfWork<M = unknown>(): UnitOfWork<M> {
  const fail = (): never => {
    throw new JetboxError(
      'CONFIG',
      'a placeholder unit of work was used: the method was not called on an instance built after Jetbox.create() with an outbox, or it was called unbound; get the service from the container',
    );
  };
  return {
    publish: fail,
    get manager(): M {
      return fail();
    },
    get transaction(): OutboxTransaction<M> {
      return fail();
    },
  };
}
