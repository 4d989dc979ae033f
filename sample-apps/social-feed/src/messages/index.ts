export * from './social.stream';
export * from './user-registered.event';
export * from './user-followed.event';
export * from './user-unfollowed.event';
export * from './post-published.event';
export * from './post-liked.event';
export * from './fan-out-batch.command';
