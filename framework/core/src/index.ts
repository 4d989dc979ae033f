import 'reflect-metadata';

export * from './errors';
export * from './envelope';
export * from './ports';
export * from './util';
