import { JetboxMigrations } from '@jetbox/typeorm';
import type { DatabaseSchema } from '../infra/database';
import { CreateNotificationsTables1764800000004 } from '../notifications/notifications.migration';
import { NotificationEntity } from '../notifications/notification.entity';
import { LikeEntity } from '../posts/like.entity';
import { PostEntity } from '../posts/post.entity';
import { CreatePostsTables1764800000002 } from '../posts/posts.migration';
import { TimelineEntryEntity } from '../timeline/timeline-entry.entity';
import { TimelinePostEntity } from '../timeline/timeline-post.entity';
import { CreateTimelineTables1764800000003 } from '../timeline/timeline.migration';
import { FollowEntity } from '../users/follow.entity';
import { UserEntity } from '../users/user.entity';
import { CreateUsersTables1764800000001 } from '../users/users.migration';

/** Every table of the feed: Jetbox's outbox and inbox, then each service's own. */
export const FEED_SCHEMA: DatabaseSchema = {
  entities: [
    UserEntity,
    FollowEntity,
    PostEntity,
    LikeEntity,
    TimelinePostEntity,
    TimelineEntryEntity,
    NotificationEntity,
  ],
  migrations: [
    ...JetboxMigrations,
    CreateUsersTables1764800000001,
    CreatePostsTables1764800000002,
    CreateTimelineTables1764800000003,
    CreateNotificationsTables1764800000004,
  ],
};
