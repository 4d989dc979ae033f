import { v7 as uuidv7 } from 'uuid';

/**
 * A new message id: a UUIDv7, unique across processes and databases and ordered by creation time.
 * It is the `ce-id`, the `Nats-Msg-Id` and (with an outbox) the outbox row id and inbox key.
 */
export function newMessageId(): string {
  return uuidv7();
}
