export * from './topology';
export * from './metadata.explorer';
export * from './stream.checks';
