import type { ServiceClass } from '@jetbox/core';
import type { Role } from '../config/roles';
import { NotificationsHandler } from '../notifications/notifications.handler';
import { PostsService } from '../posts/posts.service';
import { TimelineWriter } from '../timeline/timeline.writer';
import { AudiencePlanner } from '../users/audience.planner';
import { UsersService } from '../users/users.service';

/**
 * The handler classes each role runs: their durable consumers start only in processes with that
 * role. The `api` role handles no message (its writes are the services' `@Publishes` methods), and
 * neither does `posts` today: its writes come from the API, so a `posts` process only relays the outbox.
 */
export const ROLE_HANDLERS: Readonly<Record<Role, readonly ServiceClass[]>> = {
  api: [],
  users: [AudiencePlanner],
  posts: [],
  timeline: [TimelineWriter],
  notifications: [NotificationsHandler],
};

/** Services with `@Publishes` methods only: every process has them, so any role can write. */
export const WRITING_SERVICES: readonly ServiceClass[] = [UsersService, PostsService];

/** What `Jetbox.create` gets for these roles: the writing services and the roles' handlers. */
export function servicesFor(roles: readonly Role[]): ServiceClass[] {
  return [...WRITING_SERVICES, ...roles.flatMap((role) => ROLE_HANDLERS[role])];
}
