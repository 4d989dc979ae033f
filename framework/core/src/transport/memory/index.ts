export { MemoryTransport, memoryTransport, type MemoryTransportOptions } from './memory.transport';
