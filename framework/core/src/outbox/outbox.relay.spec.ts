import type { ClaimedOutboxRecord, OutboxStore, PublishReceipt, RelayBatchOptions, RelayBatchResult, RelayClaim, RelayCounts } from '../ports';
import { waitFor } from '@jetbox/testing';
import { memoryTransport } from '../transport/memory';
import { silentLogger } from '../logging';
import { OutboxRelay } from './outbox.relay';

/** One claim the scripted store hands out: its records and what the claim says. */
interface ScriptedClaim {
  readonly records: readonly ClaimedOutboxRecord[];
  readonly more: boolean;
}

/** A record with an id that sorts as the outbox's UUIDv7 ids do. */
function record(n: number, key?: string): ClaimedOutboxRecord {
  return { id: `rec-${String(n).padStart(4, '0')}`, subject: 'test.thing.v1', headers: {}, payload: new Uint8Array(), availableAt: new Date(0), attempts: 0, ...(key === undefined ? {} : { key }) };
}

/** Something that resolves when told to, for holding a publish or a claim open. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * An outbox store that hands out scripted claims, one per `relay()` call, and records the order of
 * events: claims, commits, and the options each batch got. It does no locking: it checks the relay.
 */
class ScriptedStore implements Pick<OutboxStore, 'relay'> {
  readonly events: string[] = [];
  readonly options: RelayBatchOptions[] = [];
  readonly results: RelayBatchResult[] = [];
  private batch = 0;

  constructor(private readonly claims: ScriptedClaim[]) {}

  async relay(_limit: number, publish: (records: readonly ClaimedOutboxRecord[], claim: RelayClaim) => Promise<RelayBatchResult>, options: RelayBatchOptions = {}): Promise<RelayCounts> {
    const n = ++this.batch;
    this.options.push(options);
    const claim = this.claims.shift() ?? { records: [], more: false };
    const lastId = claim.records.at(-1)?.id;
    this.events.push(`claim ${n}`);
    if (claim.records.length === 0) return { claimed: 0, sent: 0, failed: 0, more: claim.more };
    const result = await publish(claim.records, { more: claim.more, ...(lastId ? { lastId } : {}) });
    this.results.push(result);
    this.events.push(`commit ${n}`);
    return { claimed: claim.records.length, sent: result.sent.length, failed: result.failed.length, more: claim.more, ...(lastId ? { lastId } : {}) };
  }
}

/** A transport whose publishes log their start and end, and wait on a gate where one is set. */
function scriptedTransport(events: string[], gates: Map<string, Promise<void>>, failing: Set<string>) {
  const transport = memoryTransport();
  transport.publish = async (message): Promise<PublishReceipt> => {
    events.push(`publish ${message.msgId}`);
    await gates.get(message.msgId!);
    if (failing.has(message.msgId!)) throw new Error(`broker refused ${message.msgId}`);
    events.push(`acked ${message.msgId}`);
    return { stream: 'TEST', seq: 1, duplicate: false };
  };
  return transport;
}

function relayOver(store: ScriptedStore, gates = new Map<string, Promise<void>>(), failing = new Set<string>()) {
  return new OutboxRelay(store as unknown as OutboxStore, scriptedTransport(store.events, gates, failing), silentLogger, { batchSize: 2 });
}

describe('OutboxRelay.drainOnce', () => {
  describe('when claims come back full', () => {
    let store: ScriptedStore;
    const held = gate();
    let sent: number;
    beforeAll(async () => {
      store = new ScriptedStore([
        { records: [record(1), record(2)], more: true },
        { records: [record(3), record(4)], more: true },
        { records: [record(5)], more: false },
      ]);
      const draining = relayOver(store, new Map([['rec-0001', held.opened]])).drainOnce();
      // While batch 1 waits for its PubAck, batch 2 must already have claimed and published.
      await waitFor(() => store.events.includes('publish rec-0003'), { timeoutMs: 2_000, description: 'publish rec-0003' });
      held.open();
      sent = await draining;
    });

    it('should claim the next batch while the previous one publishes', () => expect(store.events.indexOf('claim 2')).toBeLessThan(store.events.indexOf('acked rec-0001')));
    it('should let the next batch commit before the previous one (never wait on its commit while holding locks)', () =>
      expect(store.events.indexOf('commit 2')).toBeLessThan(store.events.indexOf('commit 1')));
    it('should go on from each full claim, telling the store what is in flight', () =>
      expect(store.options.map((o) => ({ after: o.after, inFlight: o.inFlight && [...o.inFlight] }))).toStrictEqual([
        { after: undefined, inFlight: undefined },
        { after: 'rec-0002', inFlight: ['rec-0001', 'rec-0002'] },
        { after: 'rec-0004', inFlight: ['rec-0003', 'rec-0004'] },
      ]));
    it('should stop after the short claim and count every record sent', () => expect({ claims: store.options.length, sent }).toStrictEqual({ claims: 3, sent: 5 }));
  });

  describe('when a key spans two overlapping batches', () => {
    let store: ScriptedStore;
    const held = gate();
    beforeAll(async () => {
      store = new ScriptedStore([
        { records: [record(1, 'k'), record(2, 'other')], more: true },
        { records: [record(3, 'k'), record(4)], more: false },
      ]);
      const draining = relayOver(store, new Map([['rec-0001', held.opened]])).drainOnce();
      await waitFor(() => store.events.includes('publish rec-0004'), { timeoutMs: 2_000, description: 'publish rec-0004' });
      held.open();
      await draining;
    });

    it('should publish the later record of the key only after the earlier one was acknowledged', () =>
      expect(store.events.indexOf('publish rec-0003')).toBeGreaterThan(store.events.indexOf('acked rec-0001')));
    it('should not hold back records of other keys or without a key', () => expect(store.events.indexOf('publish rec-0004')).toBeLessThan(store.events.indexOf('acked rec-0001')));
  });

  describe('when a record fails while the next batch holds a later record of its key', () => {
    let store: ScriptedStore;
    beforeAll(async () => {
      store = new ScriptedStore([
        { records: [record(1, 'k'), record(2, 'other')], more: true },
        { records: [record(3, 'k'), record(4, 'other')], more: false },
      ]);
      await relayOver(store, new Map(), new Set(['rec-0001'])).drainOnce();
    });

    it('should record the failure in its batch', () => expect(store.results[0]!.failed.map((f) => f.id)).toStrictEqual(['rec-0001']));
    it('should release the later record of that key unpublished, and send the other key', () => {
      expect(store.events).not.toContain('publish rec-0003');
      expect(store.results[1]).toStrictEqual({ sent: ['rec-0004'], failed: [] });
    });
  });

  describe('when a commit wakes the relay during a short claim', () => {
    let store: ScriptedStore;
    beforeAll(async () => {
      store = new ScriptedStore([
        { records: [record(1)], more: false },
        { records: [record(2)], more: false },
      ]);
      const held = gate();
      const relay = relayOver(store, new Map([['rec-0001', held.opened]]));
      const draining = relay.drainOnce();
      await waitFor(() => store.events.includes('publish rec-0001'), { timeoutMs: 2_000, description: 'publish rec-0001' });
      relay.wake();
      held.open();
      await draining;
    });

    it('should claim again without waiting for the poll, starting over from the oldest record', () =>
      expect(store.options.map((o) => o.after)).toStrictEqual([undefined, undefined]));
    it('should send both', () => expect(store.events.filter((e) => e.startsWith('acked'))).toStrictEqual(['acked rec-0001', 'acked rec-0002']));
  });

  describe('when the store fails a batch while the next one is in flight', () => {
    let store: ScriptedStore;
    let failure: unknown;
    beforeAll(async () => {
      store = new ScriptedStore([
        { records: [record(1)], more: true },
        { records: [record(2)], more: false },
      ]);
      const relay = relayOver(store);
      const relayOnce = store.relay.bind(store);
      let calls = 0;
      store.relay = async (limit, publish, options) => {
        const n = ++calls;
        const counts = await relayOnce(limit, publish, options);
        if (n === 1) throw new Error('the database went away during the commit');
        return counts;
      };
      failure = await relay.drainOnce().catch((error: unknown) => error);
    });

    it('should reject with the store’s error', () => expect(failure).toStrictEqual(new Error('the database went away during the commit')));
    it('should still let the batch in flight finish first', () => expect(store.events).toContain('commit 2'));
  });
});
