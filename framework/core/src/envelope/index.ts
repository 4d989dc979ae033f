export * from './headers';
export * from './message-id';
export * from './envelope';
