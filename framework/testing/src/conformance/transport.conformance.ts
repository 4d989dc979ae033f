import type { Transport } from '@jetbox/core';
import type { ConformanceContext, TransportConformanceOptions } from './conformance.fixture';
import { deliveryCases } from './delivery.cases';
import { flowCases } from './flow.cases';
import { provisioningCases, lifecycleCases } from './provisioning.cases';
import { publishCases } from './publish.cases';
import { redeliveryCases } from './redelivery.cases';

/**
 * Declares a Jest `describe` block that checks a transport keeps the promises of the `Transport`
 * port, and nothing more, so that it passes against a real NATS server as well as in memory:
 * publish receipts and duplicates, publish errors, delivery order and content, ack / nak / term /
 * working, ackWait and backoff redelivery, maxDeliver, maxAckPending, shared durables, stop(), and
 * stream provisioning. `factory` builds a transport that is not yet connected: the suite connects
 * one for all cases (and a second for the lifecycle case), calls `cleanup` on it after the last case,
 * then closes it. Every case uses its own stream (`CONF_<suffix>`, capturing `conf.<suffix>.>`) and
 * consumer, waits with deadlines, and allows redeliveries to come up to `timingToleranceMs` early.
 * It takes about seven seconds, most of it waiting out ack timers.
 */
export function describeTransportConformance(
  name: string,
  factory: () => Promise<Transport>,
  options: TransportConformanceOptions = {},
): void {
  describe(`${name} transport conformance`, () => {
    let transport: Transport | undefined;
    const context: ConformanceContext = {
      transport: () => {
        if (!transport) throw new Error(`the ${name} transport factory did not produce a transport`);
        return transport;
      },
      factory,
      toleranceMs: options.timingToleranceMs ?? 100,
    };

    beforeAll(async () => {
      transport = await factory();
      await transport.connect();
    });

    afterAll(async () => {
      if (!transport) return;
      try {
        await options.cleanup?.(transport);
      } finally {
        await transport.close();
      }
    });

    publishCases(context);
    deliveryCases(context);
    redeliveryCases(context);
    flowCases(context);
    provisioningCases(context);
    lifecycleCases(context);
  });
}
