export * from './relay.options';
export * from './outbox.relay';
