export * from './wait-for';
export * from './recording.transport';
export * from './test-harness';
export * from './delivery-rules.suite';
export * from './conformance';
export * from './servers';
export * from './nats-server';
export * from './test-process';
