import type { DeadLetterOptions, StreamSpec } from '@jetbox/core';

/** The stream of the social feed: every message of the sample is a `social.…` subject. */
export const SOCIAL_STREAM: StreamSpec = {
  name: 'SOCIAL',
  subjects: ['social.>'],
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  description: 'Jetbox social feed sample: users, posts, timeline fan-out, notifications',
};

/** Its own dead-letter stream, beside (not inside) `social.>`. */
export const SOCIAL_DEAD_LETTERS: DeadLetterOptions = { stream: 'SOCIAL_DLQ', subjectPrefix: 'social-dlq' };
