import 'reflect-metadata';
import { defaultLogger, Jetbox, type JetboxHooks, type Logger, type RelayOptions } from '@jetbox/core';
import { typeormOutbox } from '@jetbox/typeorm';
import type { FastifyInstance } from 'fastify';
import { Container } from 'inversify';
import { DataSource } from 'typeorm';
import type { HealthReport } from '../api/api.dependencies';
import { buildHttpServer } from '../api/http.server';
import { ROLES, type Role } from '../config/roles';
import type { FeedConfig } from '../config/feed.config';
import { migrate } from '../infra/database';
import { SOCIAL_DEAD_LETTERS, SOCIAL_STREAM } from '../messages';
import { NotificationQueries } from '../notifications/notifications.queries';
import { NotificationsHandler } from '../notifications/notifications.handler';
import { PostsService } from '../posts/posts.service';
import { TimelineQueries } from '../timeline/timeline.queries';
import { TimelineWriter } from '../timeline/timeline.writer';
import { AudiencePlanner } from '../users/audience.planner';
import { UsersService } from '../users/users.service';
import { FEED_SETTINGS, type FeedSettings } from './feed.settings';
import { checkHealth } from './health';
import { connectInfrastructure, type Infrastructure } from './infrastructure';
import { servicesFor } from './role-services';

/** Options of {@link SocialFeed.start}: the configuration, and what a test or a bench may add. */
export interface SocialFeedOptions extends FeedConfig {
  /** Jetbox's logger. Default: pino at `JETBOX_LOG_LEVEL`. */
  readonly logger?: Logger;
  /** Where start-up and shutdown lines go. Default: nowhere. */
  readonly say?: (line: string) => void;
  /** Called for every delivery handled, retried or dead-lettered in this process. */
  readonly hooks?: JetboxHooks;
  /** The relay's tuning. */
  readonly relay?: RelayOptions;
}

/**
 * One process of the social feed: the roles it was given, on NATS + MariaDB (or embedded).
 * `start()` connects, migrates, starts the handlers of its roles and, with the `api` role, the HTTP
 * server; `stop()` drains in the reverse order and resolves once everything is closed.
 */
export class SocialFeed {
  private constructor(
    /** What this process runs. In embedded mode, every role. */
    readonly roles: readonly Role[],
    readonly infrastructure: Infrastructure,
    /** The Jetbox app: its relay, its handlers, `outboxBacklog()`. */
    readonly app: Jetbox,
    /** Where the services are: `feed.container.get(PostsService)`. */
    readonly container: Container,
    private readonly http: FastifyInstance | undefined,
    /** `http://host:port` of the API, when this process has the `api` role. */
    readonly url: string | undefined,
  ) {}

  /** `production` (NATS and the configured database) or `embedded`. */
  get mode(): Infrastructure['mode'] {
    return this.infrastructure.mode;
  }

  /** The feed's database, migrated. */
  get dataSource(): DataSource {
    return this.infrastructure.dataSource;
  }

  /** Connects, migrates, starts the roles' handlers and the API. Rejects, with nothing left running, if a step fails. */
  static async start(options: SocialFeedOptions): Promise<SocialFeed> {
    const say = options.say ?? (() => undefined);
    const logger = options.logger ?? defaultLogger('social-feed');
    const infrastructure = await connectInfrastructure(options, say, logger);
    const roles = infrastructure.mode === 'embedded' ? [...ROLES] : [...options.roles];
    if (infrastructure.mode === 'embedded' && roles.length !== options.roles.length)
      say(`Embedded mode runs every role here (ROLES asked for ${options.roles.join(',')}).`);
    let app: Jetbox | undefined;
    try {
      const ran = await migrate(infrastructure.dataSource);
      if (ran.length > 0) say(`Migrated: ${ran.join(', ')}`);
      const container = feedContainer(infrastructure.dataSource, {
        fanOutBatchSize: options.fanOutBatchSize,
      });
      app = await Jetbox.create({
        name: 'social-feed',
        container,
        services: servicesFor(roles),
        transport: infrastructure.transport,
        outbox: typeormOutbox({ dataSource: infrastructure.dataSource }),
        relay: options.relay,
        streams: [SOCIAL_STREAM],
        deadLetter: SOCIAL_DEAD_LETTERS,
        logger,
        hooks: options.hooks,
        shutdownTimeoutMs: 10_000,
      });
      await app.start();
      const { http, url } = roles.includes('api')
        ? await listen(container, infrastructure, options, logger)
        : { http: undefined, url: undefined };
      return new SocialFeed(roles, infrastructure, app, container, http, url);
    } catch (error) {
      await app?.stop().catch(() => undefined);
      await infrastructure.transport.close().catch(() => undefined);
      await infrastructure.dataSource.destroy().catch(() => undefined);
      throw error;
    }
  }

  /** What `GET /healthz` answers. */
  health(): Promise<HealthReport> {
    return checkHealth(this.infrastructure);
  }

  /**
   * Drains: the API stops taking connections and finishes the requests it has, the handlers finish
   * (or release) their messages, the relay publishes what is due, then the connections close.
   */
  async stop(): Promise<void> {
    try {
      await this.http?.close();
      await this.app.stop();
    } finally {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    }
  }
}

/** A container with the feed's services, its DataSource and its settings. */
function feedContainer(dataSource: DataSource, settings: FeedSettings): Container {
  const container = new Container();
  container.bind(DataSource).toConstantValue(dataSource);
  container.bind<FeedSettings>(FEED_SETTINGS).toConstantValue(settings);
  for (const service of [
    UsersService,
    PostsService,
    AudiencePlanner,
    TimelineWriter,
    NotificationsHandler,
    TimelineQueries,
    NotificationQueries,
  ]) {
    container.bind(service).toSelf().inSingletonScope();
  }
  return container;
}

async function listen(
  container: Container,
  infrastructure: Infrastructure,
  options: SocialFeedOptions,
  logger: Logger,
): Promise<{ http: FastifyInstance; url: string }> {
  const http = buildHttpServer(
    {
      users: container.get(UsersService),
      posts: container.get(PostsService),
      timeline: container.get(TimelineQueries),
      notifications: container.get(NotificationQueries),
      health: () => checkHealth(infrastructure),
    },
    (error, route) => logger.error({ err: error, route }, 'request failed'),
  );
  await http.listen({ port: options.port, host: options.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { http, url: `http://${options.host}:${port}` };
}
