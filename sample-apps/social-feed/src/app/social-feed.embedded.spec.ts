import { silentLogger } from '@jetbox/core';
import { waitFor } from '@jetbox/testing';
import { FeedClient, type HttpAnswer } from '../testing/http-client';
import { SocialFeed } from './social-feed';
import { FEED_DEFAULTS } from '../config/feed.config';

/** The embedded mode (in-memory transport, in-memory SQLite): the same services, no server needed. */
describe('the social feed, embedded', () => {
  let feed: SocialFeed;
  let api: FeedClient;
  let timeline: Array<{ text: string }>;
  let notifications: Array<{ type: string }>;
  let healthy: HttpAnswer;
  let unhealthy: HttpAnswer;

  beforeAll(async () => {
    feed = await SocialFeed.start({
      ...FEED_DEFAULTS,
      port: 0,
      roles: ['api'],
      mode: 'embedded',
      logger: silentLogger,
    });
    api = new FeedClient(feed.url!);
    const ada = await api.createUser('ada');
    const grace = await api.createUser('grace');
    await api.post(`/users/${grace.id}/follows`, { followeeId: ada.id });
    const post = await api.createPost(ada.id, 'hello @grace');
    await api.post(`/posts/${post.id}/likes`, { userId: grace.id });
    timeline = await waitFor(async () => {
      const page = await api.get<{ items: Array<{ text: string }> }>(`/users/${grace.id}/timeline`);
      return page.body.items.length > 0 ? page.body.items : undefined;
    });
    notifications = await waitFor(async () => {
      const [forAda, forGrace] = await Promise.all([
        api.get<Array<{ type: string }>>(`/users/${ada.id}/notifications`),
        api.get<Array<{ type: string }>>(`/users/${grace.id}/notifications`),
      ]);
      return forAda.body.length === 2 && forGrace.body.length === 1
        ? [...forAda.body, ...forGrace.body]
        : undefined;
    });
    healthy = await api.get('/healthz');
    await feed.dataSource.destroy();
    unhealthy = await api.get('/healthz');
  });

  afterAll(() => feed?.stop());

  it('should run every role in the one process, whatever ROLES asked for', () => {
    expect(feed.roles).toStrictEqual(['api', 'users', 'posts', 'timeline', 'notifications']);
  });

  it('should fan the post out to the follower', () => {
    expect(timeline.map((item) => item.text)).toStrictEqual(['hello @grace']);
  });

  it('should notify the like, the follow and the mention', () => {
    expect(notifications.map((n) => n.type)).toStrictEqual(['liked', 'followed', 'mentioned']);
  });

  it('should answer /healthz 200 in embedded mode', () => {
    expect(healthy).toStrictEqual({
      status: 200,
      body: { status: 'ok', mode: 'embedded', transport: 'up', database: 'up' },
    });
  });

  it('should answer /healthz 503 once the database is gone', () => {
    expect(unhealthy).toStrictEqual({
      status: 503,
      body: { status: 'unavailable', mode: 'embedded', transport: 'up', database: 'down' },
    });
  });
});
