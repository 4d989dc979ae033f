import { Headers, silentLogger } from '@jetbox/core';
import { waitFor } from '@jetbox/testing';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { SocialFeed } from '../app/social-feed';
import type { FeedConfig } from '../config/feed.config';
import { FeedClient } from '../testing/http-client';
import { dropFeedResources, feedStreams, requireServers, testFeedConfig } from '../testing/test-servers';

interface Notification {
  type: string;
  actorId: string;
  postId?: string;
}

/**
 * "Exactly once" for mentions and likes: after the first delivery was handled, the very same
 * messages (same `ce-id`, so the same inbox key) are stored in the stream again under a new
 * `Nats-Msg-Id` — what a relay re-publishing after a broker lost data would do — so each handler
 * receives them a second time.
 */
describe('mention and like notifications when their messages are delivered again', () => {
  let config: FeedConfig;
  let feed: SocialFeed;
  let nc: NatsConnection;
  let api: FeedClient;
  const duplicates = new Map<string, number>();
  let author: { id: string };
  let mentioned: { id: string };
  let liker: { id: string };
  let postId: string;

  const notificationsOf = async (userId: string) =>
    (await api.get<Notification[]>(`/users/${userId}/notifications`)).body;
  /** Stores the last message of `type` again: same headers (ce-id included), new Nats-Msg-Id. */
  const storeAgain = async (type: string): Promise<void> => {
    const { stream } = feedStreams(config);
    const stored = await (
      await nc.jetstreamManager()
    ).streams.getMessage(stream, { last_by_subj: `${config.namespace}.${type}` });
    const copy = natsHeaders();
    for (const key of stored.header.keys()) if (key !== Headers.msgId) copy.set(key, stored.header.get(key));
    await nc.jetstream().publish(stored.subject, stored.data, {
      headers: copy,
      msgID: `${stored.header.get(Headers.id)}-again`,
    });
  };

  beforeAll(async () => {
    await requireServers();
    config = testFeedConfig(['api', 'users', 'posts', 'timeline', 'notifications']);
    nc = await connect({ servers: config.natsUrl });
    feed = await SocialFeed.start({
      ...config,
      logger: silentLogger,
      hooks: {
        onHandled: (outcome) =>
          void (
            outcome.duplicate &&
            duplicates.set(outcome.handler.durable, (duplicates.get(outcome.handler.durable) ?? 0) + 1)
          ),
      },
    });
    api = new FeedClient(feed.url!);
    author = await api.createUser('author');
    mentioned = await api.createUser('mentioned');
    liker = await api.createUser('liker');
    postId = (await api.createPost(author.id, 'hello @mentioned, and again @Mentioned')).id;
    await api.post(`/posts/${postId}/likes`, { userId: liker.id });
    await api.post(`/posts/${postId}/likes`, { userId: liker.id });
    await waitFor(
      async () =>
        (await notificationsOf(mentioned.id)).length === 1 && (await notificationsOf(author.id)).length === 1,
      {
        timeoutMs: 20_000,
        description: 'the first mention and like notifications',
      },
    );

    await storeAgain('social.post.published.v1');
    await storeAgain('social.post.liked.v1');
    await waitFor(
      () =>
        ['notifications-mentioned', 'notifications-liked', 'users-post-audience'].every(
          (durable) => duplicates.get(durable) === 1,
        ),
      {
        timeoutMs: 20_000,
        description: 'both messages handled a second time, as duplicates, by each of their handlers',
      },
    );
  }, 60_000);

  afterAll(async () => {
    await feed?.stop();
    await nc?.close();
    if (config) await dropFeedResources(config);
  });

  describe('when the mention and the like were delivered twice', () => {
    it('should have delivered each to its handler a second time, and acknowledged it as a duplicate', () => {
      expect([
        duplicates.get('notifications-mentioned'),
        duplicates.get('notifications-liked'),
      ]).toStrictEqual([1, 1]);
    });

    it('should notify the mentioned user exactly once', async () => {
      expect(await notificationsOf(mentioned.id)).toMatchObject([
        { type: 'mentioned', actorId: author.id, postId },
      ]);
    });

    it('should notify the author of the like exactly once', async () => {
      expect(await notificationsOf(author.id)).toMatchObject([{ type: 'liked', actorId: liker.id, postId }]);
    });

    it("should not plan the post's fan-out a second time", () => {
      expect(duplicates.get('users-post-audience')).toStrictEqual(1);
    });

    it('should dead-letter nothing', async () => {
      const info = await (await nc.jetstreamManager()).streams.info(feedStreams(config).deadLetters);
      expect(info.state.messages).toStrictEqual(0);
    });
  });
});
