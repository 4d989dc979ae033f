// eslint-disable-next-line no-restricted-imports -- the conformance suite lives in @jetbox/testing; only specs import it
import { describeTransportConformance } from '@jetbox/testing';
import { MemoryTransport } from './memory.transport';

describeTransportConformance('MemoryTransport', async () => new MemoryTransport());
