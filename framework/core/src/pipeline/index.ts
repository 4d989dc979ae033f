export * from './handler.middleware';
export * from './jetbox.hooks';
export * from './message.context';
export * from './publish-context';
export * from './dead-letter';
export * from './error.classifier';
export * from './consumer.runner';
export * from './unit-of-work';
