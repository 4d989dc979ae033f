export * from './transport.port';
export * from './outbox.port';
