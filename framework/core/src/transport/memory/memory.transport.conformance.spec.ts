import { describeTransportConformance } from '@jetbox/testing';
import { MemoryTransport } from './memory.transport';

describeTransportConformance('MemoryTransport', async () => new MemoryTransport());
