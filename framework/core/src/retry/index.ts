export * from './retry.options';
export * from './backoff';
