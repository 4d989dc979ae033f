export * from './handles.decorator';
export * from './publishes.decorator';
export { readMetadata } from './metadata';
