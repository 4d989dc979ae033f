export * from './jetbox.error';
export * from './permanent.error';
export * from './config.error';
export * from './handler-timeout.error';
