import { NATS_URL, uniqueSubjectToken } from '@jetbox/testing';
import { connect } from 'nats';

/** A namespace no other run uses (subjects `<ns>.banking.…`, streams `<NS>_BANKING` and `<NS>_BANKING_DLQ`), for `BANKING_NAMESPACE`. */
export function uniqueNamespace(): string {
  return uniqueSubjectToken('bank');
}

/** Messages in the namespace's dead-letter stream (0 when it was never created). */
export async function deadLetterCount(namespace: string, natsUrl: string = NATS_URL): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const info = await (await nc.jetstreamManager()).streams.info(`${namespace.toUpperCase()}_BANKING_DLQ`).catch(() => undefined);
    return info?.state.messages ?? 0;
  } finally {
    await nc.close();
  }
}

/** Deletes the namespace's streams (and so their consumers) from the server. */
export async function deleteNamespaceStreams(namespace: string, natsUrl: string = NATS_URL): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    for (const stream of [`${namespace.toUpperCase()}_BANKING`, `${namespace.toUpperCase()}_BANKING_DLQ`]) await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Durables of each role that consumes (see the `@Handles` options of its service). */
export const DURABLES_BY_ROLE = {
  accounts: ['accounts-debit', 'accounts-credit', 'accounts-refund'],
  transfers: ['transfers-debited', 'transfers-debit-refused', 'transfers-credited', 'transfers-credit-refused', 'transfers-refunded'],
  ledger: ['ledger-deposited', 'ledger-withdrawn', 'ledger-debited', 'ledger-credited', 'ledger-refunded'],
} as const;

/** Messages delivered to the durables' subscribers and not acknowledged yet (`num_ack_pending`, summed). */
export async function unacknowledged(namespace: string, durables: readonly string[], natsUrl: string = NATS_URL): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const infos = await Promise.all(durables.map((durable) => jsm.consumers.info(`${namespace.toUpperCase()}_BANKING`, durable)));
    return infos.reduce((sum, info) => sum + info.num_ack_pending, 0);
  } finally {
    await nc.close();
  }
}
