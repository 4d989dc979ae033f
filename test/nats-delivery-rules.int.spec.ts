import { nats } from '@jetbox/nats';
import { describeDeliveryRules, NATS_URL, requireNats } from '@jetbox/testing';
import { connect, type NatsConnection } from 'nats';

let nc: NatsConnection;

beforeAll(async () => {
  await requireNats();
  nc = await connect({ servers: NATS_URL });
});
afterAll(() => nc?.close());

describeDeliveryRules('NATS JetStream', () => nats({ servers: NATS_URL, name: 'jetbox-delivery-rules' }), {
  cleanup: async (streams) => {
    const jsm = await nc.jetstreamManager();
    for (const stream of streams) await jsm.streams.delete(stream);
  },
});
