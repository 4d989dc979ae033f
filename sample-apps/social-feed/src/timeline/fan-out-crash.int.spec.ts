import { silentLogger } from '@jetbox/core';
import { waitFor } from '@jetbox/testing';
import { connect, type NatsConnection } from 'nats';
import { SocialFeed } from '../app/social-feed';
import type { FeedConfig } from '../config/feed.config';
import { startFeedProcess, type FeedProcess } from '../testing/feed-process';
import { FeedClient } from '../testing/http-client';
import { seedFollowers } from '../testing/seed';
import {
  dropFeedResources,
  feedEnvironment,
  feedStreams,
  requireServers,
  testFeedConfig,
} from '../testing/test-servers';

const FOLLOWERS = 5_000;
const BATCH = 250;
const TEXTS = ['post 1', 'post 2', 'post 3'];
/** Every follower gets the three posts, but the quitter only the first: 14 998 entries. */
const EXPECTED_ENTRIES = FOLLOWERS * TEXTS.length - (TEXTS.length - 1);
/** The kill comes once about a quarter of the entries have committed. */
const KILL_AFTER_ENTRIES = Math.round(EXPECTED_ENTRIES / 4);
/** Batches of post 1 (5 000 followers) and of posts 2 and 3 (4 999 each), 250 followers a batch. */
const EXPECTED_BATCHES = Math.ceil(FOLLOWERS / BATCH) + 2 * Math.ceil((FOLLOWERS - 1) / BATCH);

/**
 * The acceptance test of the fan-out: one author with 5 000 followers posts 3 times; the timeline
 * role runs as a child process, which is SIGKILLed once a quarter of the entries have committed —
 * mid fan-out, with batches in flight — and started again. The other roles run in this process. A follower unfollows after the
 * first post's audience was read and before the second post.
 */
describe('the timeline fan-out when the timeline process is SIGKILLed mid fan-out', () => {
  let config: FeedConfig;
  let feed: SocialFeed;
  let nc: NatsConnection;
  const processes: FeedProcess[] = [];
  let audiencesPlanned = 0;
  const postIds: string[] = [];
  let followers: string[] = [];
  let quitter: string;
  let killSignal: NodeJS.Signals | null = null;
  let entriesAtKill = -1;
  let unacknowledgedAtKill = -1;
  let exitCode: number | null = null;

  const count = async (sql: string, parameters: unknown[] = []): Promise<number> =>
    Number(Object.values((await feed.dataSource.query(sql, parameters))[0] as object)[0]);
  const entries = () => count('SELECT COUNT(*) FROM timeline_entries');
  const startTimeline = async (): Promise<FeedProcess> => {
    const child = startFeedProcess(feedEnvironment({ ...config, roles: ['timeline'] }));
    processes.push(child);
    await child.waitForLine('social-feed ready', 60_000);
    return child;
  };
  /** The timeline consumers have nothing left to deliver and nothing unacknowledged. */
  const consumersQuiet = async () => {
    const jsm = await nc.jetstreamManager();
    const durables = ['timeline-fan-out', 'timeline-posts'];
    const infos = await Promise.all(
      durables.map((durable) => jsm.consumers.info(feedStreams(config).stream, durable)),
    );
    return infos.every((info) => info.num_pending === 0 && info.num_ack_pending === 0);
  };

  beforeAll(async () => {
    await requireServers();
    config = testFeedConfig(['api', 'users', 'posts', 'notifications'], { fanOutBatchSize: BATCH });
    nc = await connect({ servers: config.natsUrl });
    feed = await SocialFeed.start({
      ...config,
      logger: silentLogger,
      hooks: {
        onHandled: (outcome) =>
          void (
            outcome.handler.durable === 'users-post-audience' &&
            !outcome.duplicate &&
            audiencesPlanned++
          ),
      },
    });
    const api = new FeedClient(feed.url!);
    const author = await api.createUser('author');
    followers = await seedFollowers(feed.dataSource, author.id, FOLLOWERS, 'follower_');
    quitter = followers[FOLLOWERS / 2]!;

    const first = await startTimeline();
    postIds.push((await api.createPost(author.id, TEXTS[0]!)).id);
    await waitFor(() => audiencesPlanned === 1, {
      timeoutMs: 20_000,
      description: "the first post's audience read",
    });
    const unfollow = await api.delete(`/users/${quitter}/follows/${author.id}`);
    if (unfollow.status !== 204) throw new Error(`unfollow answered ${unfollow.status}`);
    for (const text of TEXTS.slice(1)) postIds.push((await api.createPost(author.id, text)).id);

    await waitFor(async () => (await entries()) >= KILL_AFTER_ENTRIES, {
      timeoutMs: 30_000,
      intervalMs: 5,
      description: `${KILL_AFTER_ENTRIES} entries committed`,
    });
    killSignal = await first.kill();
    entriesAtKill = await entries();
    unacknowledgedAtKill = (
      await (await nc.jetstreamManager()).consumers.info(feedStreams(config).stream, 'timeline-fan-out')
    ).num_ack_pending;

    const second = await startTimeline();
    await waitFor(async () => (await entries()) === EXPECTED_ENTRIES, {
      timeoutMs: 60_000,
      intervalMs: 100,
      description: `${EXPECTED_ENTRIES} timeline entries`,
    });
    await waitFor(consumersQuiet, {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'the timeline consumers with nothing pending',
    });
    exitCode = await second.terminate();
  }, 180_000);

  afterAll(async () => {
    for (const child of processes)
      if (child.process.exitCode === null && child.process.signalCode === null) await child.kill();
    await feed?.stop();
    await nc?.close();
    if (config) await dropFeedResources(config);
  });

  describe('when the second timeline process has finished', () => {
    it('should have killed the first with SIGKILL', () => {
      expect(killSignal).toStrictEqual('SIGKILL');
    });

    it('should have killed it mid fan-out: some entries written, not all', () => {
      expect([entriesAtKill > 0, entriesAtKill < EXPECTED_ENTRIES]).toStrictEqual([true, true]);
    });

    it('should have killed it with batches delivered and not acknowledged (so they were delivered again)', () => {
      expect(unacknowledgedAtKill > 0).toStrictEqual(true);
    });

    it('should give each follower exactly the three posts, once each, newest first; the quitter only the first', async () => {
      const rows = (await feed.dataSource.query(
        'SELECT user_id AS userId, GROUP_CONCAT(post_id ORDER BY created_at DESC, post_id DESC) AS posts FROM timeline_entries GROUP BY user_id',
      )) as Array<{ userId: string; posts: string }>;
      const timelines = new Map(rows.map((row) => [row.userId, row.posts]));
      const allThree = [...postIds].reverse().join(',');
      expect({
        timelines: timelines.size,
        followersWithAllThreeInOrder: followers.filter(
          (id) => id !== quitter && timelines.get(id) === allThree,
        ).length,
        quitter: timelines.get(quitter),
      }).toStrictEqual({
        timelines: FOLLOWERS,
        followersWithAllThreeInOrder: FOLLOWERS - 1,
        quitter: postIds[0],
      });
    });

    it('should show a follower the three posts through the API, newest first', async () => {
      const page = await new FeedClient(feed.url!).get<{ items: Array<{ text: string }> }>(
        `/users/${followers[0]}/timeline`,
      );
      expect(page.body.items.map((item) => item.text)).toStrictEqual([...TEXTS].reverse());
    });

    it('should have applied each batch exactly once (one inbox entry per batch)', async () => {
      expect(
        await count("SELECT COUNT(*) FROM jetbox_inbox WHERE consumer = 'timeline-fan-out'"),
      ).toStrictEqual(EXPECTED_BATCHES);
    });

    it('should dead-letter nothing', async () => {
      const info = await (await nc.jetstreamManager()).streams.info(feedStreams(config).deadLetters);
      expect(info.state.messages).toStrictEqual(0);
    });

    it('should let the second process drain and exit 0 on SIGTERM', () => {
      expect(exitCode).toStrictEqual(0);
    });
  });
});
