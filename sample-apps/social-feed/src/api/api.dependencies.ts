import type { NotificationQueries } from '../notifications/notifications.queries';
import type { PostsService } from '../posts/posts.service';
import type { TimelineQueries } from '../timeline/timeline.queries';
import type { UsersService } from '../users/users.service';

/** What `GET /healthz` reports: `ok` only when every server this process uses answers. */
export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly mode: 'production' | 'embedded';
  readonly transport: 'up' | 'down';
  readonly database: 'up' | 'down';
}

/** The services the HTTP API calls. */
export interface ApiDependencies {
  readonly users: UsersService;
  readonly posts: PostsService;
  readonly timeline: TimelineQueries;
  readonly notifications: NotificationQueries;
  readonly health: () => Promise<HealthReport>;
}
