export * from './message.decorator';
export * from './message.codec';
export * from './schema';
