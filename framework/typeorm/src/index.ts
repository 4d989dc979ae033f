export * from './entities/outbox-record.entity';
export * from './entities/inbox-entry.entity';
export * from './migrations/create-jetbox-tables.migration';
export * from './migrations/jetbox.migrations';
export * from './typeorm-outbox.options';
export * from './typeorm-outbox.store';
export * from './typeorm-outbox';
