export * from './jetbox';
export * from './jetbox.options';
export * from './message.publisher';
