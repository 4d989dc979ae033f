export * from './namespaced.transport';
