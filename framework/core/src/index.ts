import 'reflect-metadata';

export * from './errors';
export * from './envelope';
export * from './messages';
export * from './decorators';
export * from './retry';
export * from './ports';
export * from './explorer';
export * from './pipeline';
export * from './logging';
export * from './app';
export * from './util';
export * from './transport/memory';
export * from './transport/namespaced';
export * from './outbox';
