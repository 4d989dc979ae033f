export * from './subject';
export * from './semaphore';
export * from './wait';
