import { silentLogger } from '@jetbox/core';
import { waitFor } from '@jetbox/testing';
import { SocialFeed } from '../app/social-feed';
import type { FeedConfig } from '../config/feed.config';
import { FeedClient, type HttpAnswer } from '../testing/http-client';
import { dropFeedResources, requireServers, testFeedConfig } from '../testing/test-servers';
import { TimelineEntryEntity } from '../timeline/timeline-entry.entity';
import { TimelinePostEntity } from '../timeline/timeline-post.entity';

interface User {
  id: string;
  handle: string;
}
interface TimelinePage {
  items: Array<{ postId: string; authorId: string; text: string; createdAt: string }>;
  next?: string;
}
interface Notification {
  type: string;
  actorId: string;
  postId?: string;
  at: string;
}

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

/** The HTTP API, every endpoint and error, on one feed process with every role (NATS + MariaDB). */
describe('the social feed API', () => {
  let config: FeedConfig;
  let feed: SocialFeed;
  let api: FeedClient;

  beforeAll(async () => {
    await requireServers();
    config = testFeedConfig(['api', 'users', 'posts', 'timeline', 'notifications']);
    feed = await SocialFeed.start({ ...config, logger: silentLogger });
    api = new FeedClient(feed.url!);
  });

  afterAll(async () => {
    await feed?.stop();
    if (config) await dropFeedResources(config);
  });

  describe('POST /users', () => {
    let created: HttpAnswer<User>;
    let taken: HttpAnswer;

    beforeAll(async () => {
      created = await api.post('/users', { handle: 'ada' });
      taken = await api.post('/users', { handle: 'ada' });
    });

    it('should answer 201 with the id and the handle', () => {
      expect([created.status, created.body.handle, typeof created.body.id]).toStrictEqual([
        201,
        'ada',
        'string',
      ]);
    });

    it('should answer 409 handle_taken for a handle in use', () => {
      expect(taken).toStrictEqual({
        status: 409,
        body: { error: 'handle_taken', message: "the handle 'ada' is taken: choose another one" },
      });
    });

    it.each([
      ['upper case', { handle: 'Ada' }],
      ['31 characters', { handle: 'a'.repeat(31) }],
      ['an empty handle', { handle: '' }],
      ['a dash', { handle: 'ada-l' }],
      ['a number', { handle: 42 }],
    ])('should answer 400 invalid_request for %s, saying what a handle is', async (_case, body) => {
      const answer = await api.post('/users', body);
      expect([
        answer.status,
        (answer.body as { error: string }).error,
        (answer.body as { message: string }).message.startsWith('body.handle: '),
      ]).toStrictEqual([400, 'invalid_request', true]);
    });

    it('should accept 30 characters of a-z, 0-9 and _', async () => {
      expect((await api.post('/users', { handle: 'a_1'.repeat(10) })).status).toStrictEqual(201);
    });

    it('should answer 400 invalid_request without a handle', async () => {
      expect(await api.post('/users', {})).toStrictEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'body.handle: handle is required, e.g. "handle": "ada_lovelace"',
        },
      });
    });

    it('should answer 400 invalid_request for a body that is not JSON', async () => {
      expect(await api.send('POST', '/users', '{"handle": "ada"')).toStrictEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'the body is not valid JSON (check its quotes, commas and braces): send a JSON object',
        },
      });
    });
  });

  describe('POST /users/:id/follows and DELETE /users/:id/follows/:followeeId', () => {
    let grace: User;
    let linus: User;
    const answers: Record<string, HttpAnswer> = {};

    beforeAll(async () => {
      grace = await api.createUser('grace');
      linus = await api.createUser('linus');
      answers['first'] = await api.post(`/users/${linus.id}/follows`, { followeeId: grace.id });
      answers['again'] = await api.post(`/users/${linus.id}/follows`, { followeeId: grace.id });
      answers['unfollow'] = await api.delete(`/users/${linus.id}/follows/${grace.id}`);
      answers['unfollowAgain'] = await api.delete(`/users/${linus.id}/follows/${grace.id}`);
      answers['refollow'] = await api.post(`/users/${linus.id}/follows`, { followeeId: grace.id });
    });

    it('should answer 201 to a new follow', () => {
      expect(answers['first']).toStrictEqual({
        status: 201,
        body: { followerId: linus.id, followeeId: grace.id },
      });
    });

    it('should answer 200 to following twice, changing nothing', () => {
      expect(answers['again']).toStrictEqual({
        status: 200,
        body: { followerId: linus.id, followeeId: grace.id },
      });
    });

    it('should answer 204 to an unfollow, and again to a repeated one', () => {
      expect([answers['unfollow']!.status, answers['unfollowAgain']!.status]).toStrictEqual([204, 204]);
    });

    it('should answer 201 to following again after an unfollow', () => {
      expect(answers['refollow']!.status).toStrictEqual(201);
    });

    it('should answer 400 self_follow to following oneself', async () => {
      expect(await api.post(`/users/${grace.id}/follows`, { followeeId: grace.id })).toStrictEqual({
        status: 400,
        body: { error: 'self_follow', message: 'a user cannot follow themselves: pick another followeeId' },
      });
    });

    it('should answer 404 for an unknown follower', async () => {
      expect(await api.post(`/users/${UNKNOWN_ID}/follows`, { followeeId: grace.id })).toStrictEqual({
        status: 404,
        body: { error: 'not_found', message: `no user has the id '${UNKNOWN_ID}'` },
      });
    });

    it('should answer 404 for an unknown followee', async () => {
      expect((await api.post(`/users/${grace.id}/follows`, { followeeId: UNKNOWN_ID })).status).toStrictEqual(
        404,
      );
    });

    it('should answer 404 to an unfollow of an unknown user', async () => {
      expect((await api.delete(`/users/${grace.id}/follows/${UNKNOWN_ID}`)).status).toStrictEqual(404);
    });

    it('should answer 400 invalid_request without a followeeId', async () => {
      expect(await api.post(`/users/${grace.id}/follows`, { followee: grace.id })).toStrictEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'body.followeeId: followeeId is required, e.g. "followeeId": "<user id>"',
        },
      });
    });
  });

  describe('POST /posts, POST /posts/:id/likes and GET /posts/:id', () => {
    let author: User;
    let fan: User;
    let post: HttpAnswer<{ id: string; authorId: string; text: string; createdAt: string }>;
    const likes: HttpAnswer[] = [];

    beforeAll(async () => {
      author = await api.createUser('poster');
      fan = await api.createUser('fan');
      post = await api.post('/posts', { authorId: author.id, text: 'first post' });
      likes.push(await api.post(`/posts/${post.body.id}/likes`, { userId: fan.id }));
      likes.push(await api.post(`/posts/${post.body.id}/likes`, { userId: fan.id }));
    });

    it('should answer 201 with the post', () => {
      expect({
        ...post,
        body: {
          ...post.body,
          id: typeof post.body.id,
          createdAt: Number.isNaN(Date.parse(post.body.createdAt)),
        },
      }).toStrictEqual({
        status: 201,
        body: { id: 'string', authorId: author.id, text: 'first post', createdAt: false },
      });
    });

    it('should accept 280 characters, counting an emoji once', async () => {
      expect(
        (await api.post('/posts', { authorId: author.id, text: `${'x'.repeat(279)}🎉` })).status,
      ).toStrictEqual(201);
    });

    it('should answer 400 invalid_request for 281 characters, saying the limit', async () => {
      expect(await api.post('/posts', { authorId: author.id, text: 'x'.repeat(281) })).toStrictEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'body.text: text must be at most 280 characters; it has 281',
        },
      });
    });

    it('should answer 400 invalid_request for a text of spaces', async () => {
      expect((await api.post('/posts', { authorId: author.id, text: '   ' })).body).toStrictEqual({
        error: 'invalid_request',
        message: 'body.text: text must hold something besides spaces',
      });
    });

    it('should answer 404 for an unknown author', async () => {
      expect((await api.post('/posts', { authorId: UNKNOWN_ID, text: 'hi' })).status).toStrictEqual(404);
    });

    it('should answer 201 to a like, then 200 to the same like', () => {
      expect(likes.map((answer) => answer.status)).toStrictEqual([201, 200]);
    });

    it('should count the like once', async () => {
      expect(await api.get(`/posts/${post.body.id}`)).toStrictEqual({
        status: 200,
        body: { ...post.body, likes: 1 },
      });
    });

    it('should answer 404 to a like of an unknown post', async () => {
      expect(await api.post(`/posts/${UNKNOWN_ID}/likes`, { userId: fan.id })).toStrictEqual({
        status: 404,
        body: { error: 'not_found', message: `no post has the id '${UNKNOWN_ID}'` },
      });
    });

    it('should answer 404 to a like by an unknown user', async () => {
      expect((await api.post(`/posts/${post.body.id}/likes`, { userId: UNKNOWN_ID })).status).toStrictEqual(
        404,
      );
    });

    it('should answer 400 invalid_request to a like without a userId', async () => {
      expect((await api.post(`/posts/${post.body.id}/likes`)).body).toStrictEqual({
        error: 'invalid_request',
        message: 'body: send a JSON object body, e.g. {"userId":"<user id>"}',
      });
    });

    it('should answer 404 for an unknown post', async () => {
      expect((await api.get(`/posts/${UNKNOWN_ID}`)).status).toStrictEqual(404);
    });
  });

  describe('GET /users/:id/timeline', () => {
    let reader: User;
    let pages: TimelinePage[];
    let texts: string[];

    beforeAll(async () => {
      const writer = await api.createUser('writer');
      reader = await api.createUser('reader');
      await api.post(`/users/${reader.id}/follows`, { followeeId: writer.id });
      texts = ['one', 'two', 'three', 'four', 'five'];
      for (const text of texts) await api.createPost(writer.id, text);
      await waitFor(
        async () =>
          (await api.get<TimelinePage>(`/users/${reader.id}/timeline?limit=100`)).body.items.length ===
          texts.length,
        {
          timeoutMs: 20_000,
          description: 'five posts in the timeline',
        },
      );
      pages = [];
      let before = '';
      do {
        const page = (await api.get<TimelinePage>(`/users/${reader.id}/timeline?limit=2${before}`)).body;
        pages.push(page);
        before = page.next ? `&before=${page.next}` : '';
      } while (before !== '');
    });

    it('should page newest first with next, two at a time, and no next on the last page', () => {
      expect(
        pages.map((page) => [page.items.map((item) => item.text), page.next !== undefined]),
      ).toStrictEqual([
        [['five', 'four'], true],
        [['three', 'two'], true],
        [['one'], false],
      ]);
    });

    it('should answer 400 invalid_request for a limit of 0', async () => {
      expect(await api.get(`/users/${reader.id}/timeline?limit=0`)).toStrictEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'query.limit: limit must be a whole number from 1 to 100',
        },
      });
    });

    it('should answer 400 invalid_cursor for a cursor it did not give', async () => {
      expect((await api.get(`/users/${reader.id}/timeline?before=abc`)).body).toMatchObject({
        error: 'invalid_cursor',
      });
    });

    it('should answer 404 for an unknown user', async () => {
      expect((await api.get(`/users/${UNKNOWN_ID}/timeline`)).status).toStrictEqual(404);
    });
  });

  describe('GET /users/:id/timeline when posts share one createdAt', () => {
    const at = Date.parse('2026-01-01T00:00:00.000Z');
    const postIds = ['p-a', 'p-b', 'p-c', 'p-d'];
    let reader: User;
    let seen: string[];

    beforeAll(async () => {
      reader = await api.createUser('tie_reader');
      await feed.dataSource.manager.insert(
        TimelinePostEntity,
        postIds.map((postId) => ({ postId, authorId: reader.id, text: postId, createdAt: at })),
      );
      await feed.dataSource.manager.insert(
        TimelineEntryEntity,
        postIds.map((postId) => ({ userId: reader.id, postId, createdAt: at })),
      );
      seen = [];
      let before = '';
      for (;;) {
        const page = (await api.get<TimelinePage>(`/users/${reader.id}/timeline?limit=1${before}`)).body;
        seen.push(...page.items.map((item) => item.postId));
        if (!page.next) break;
        before = `&before=${page.next}`;
      }
    });

    it('should give each post once, ordered by id, one page at a time', () => {
      expect(seen).toStrictEqual(['p-d', 'p-c', 'p-b', 'p-a']);
    });
  });

  describe('GET /users/:id/notifications', () => {
    let star: User;
    let fan: User;
    let postId: string;
    let notifications: Notification[];

    beforeAll(async () => {
      star = await api.createUser('star');
      fan = await api.createUser('starfan');
      await api.post(`/users/${fan.id}/follows`, { followeeId: star.id });
      postId = (await api.createPost(fan.id, 'hello @star and @nobody_here')).id;
      await api.post(`/posts/${postId}/likes`, { userId: star.id });
      await api.post(`/posts/${postId}/likes`, { userId: fan.id });
      notifications = await waitFor(
        async () => {
          const [forStar, forFan] = await Promise.all([
            api.get<Notification[]>(`/users/${star.id}/notifications`),
            api.get<Notification[]>(`/users/${fan.id}/notifications`),
          ]);
          return forStar.body.length >= 2 && forFan.body.length >= 1
            ? [...forStar.body, ...forFan.body]
            : undefined;
        },
        { timeoutMs: 20_000, description: 'the followed, mentioned and liked notifications' },
      );
    });

    it('should notify followed, mentioned (newest first) and liked, and nobody of their own like', () => {
      expect(
        notifications.map(({ type, actorId, postId: post }) => ({ type, actorId, postId: post })),
      ).toStrictEqual([
        { type: 'mentioned', actorId: fan.id, postId },
        { type: 'followed', actorId: fan.id, postId: undefined },
        { type: 'liked', actorId: star.id, postId },
      ]);
    });

    it('should leave postId out of a followed notification', () => {
      expect(Object.keys(notifications[1]!).sort()).toStrictEqual(['actorId', 'at', 'type']);
    });

    it('should answer 404 for an unknown user', async () => {
      expect((await api.get(`/users/${UNKNOWN_ID}/notifications`)).status).toStrictEqual(404);
    });
  });

  describe('GET /healthz', () => {
    it('should answer 200 while NATS and MariaDB answer', async () => {
      expect(await api.get('/healthz')).toStrictEqual({
        status: 200,
        body: { status: 'ok', mode: 'production', transport: 'up', database: 'up' },
      });
    });
  });

  describe('an unknown route', () => {
    it('should answer 404 not_found in the same shape', async () => {
      expect(await api.get('/nope')).toStrictEqual({
        status: 404,
        body: { error: 'not_found', message: 'there is no route GET /nope' },
      });
    });
  });
});
