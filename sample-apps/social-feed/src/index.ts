/** The social feed sample as a library: what its tests and the feed benchmark start and drive. */
export * from './app/social-feed';
export * from './app/feed.schema';
export * from './app/role-services';
export * from './config/feed.config';
export * from './config/roles';
export * from './messages';
export * from './users/user.entity';
export * from './users/follow.entity';
export * from './timeline/timeline-entry.entity';
export * from './infra/database-url';
export * from './testing/seed';
export * from './testing/feed-process';
export * from './testing/http-client';
