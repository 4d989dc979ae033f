import { startFeedProcess, type FeedProcess } from './testing/feed-process';
import { FeedClient, type HttpAnswer } from './testing/http-client';

/** `src/main.ts` as a process: its configuration errors, its fallback to embedded, its shutdown. */
describe('the social feed process', () => {
  describe('when ROLES names an unknown role', () => {
    let child: FeedProcess;
    let code: number | null;

    beforeAll(async () => {
      child = startFeedProcess({ ROLES: 'api,timelines', FEED_MODE: 'embedded' });
      code = (await child.exited).code;
    }, 30_000);

    it('should exit 2, naming the role and the known ones', () => {
      expect([code, child.stderr().trim()]).toStrictEqual([
        2,
        "social-feed cannot start: Invalid Jetbox configuration: ROLES holds 'timelines', which is not a role: use a comma list of api, users, posts, timeline, notifications (or leave ROLES unset for all)",
      ]);
    });
  });

  describe('when NATS is unreachable', () => {
    let child: FeedProcess;
    let health: HttpAnswer;
    let code: number | null;

    beforeAll(async () => {
      child = startFeedProcess({ NATS_URL: 'nats://127.0.0.1:1', PORT: '0', ROLES: 'api,timeline' });
      const ready = await child.waitForLine('social-feed ready', 30_000);
      health = await new FeedClient(ready.slice(ready.indexOf('http://'))).get('/healthz');
      code = await child.terminate();
    }, 40_000);

    it('should say so and that it runs embedded, with every role', () => {
      expect(
        child.lines
          .filter((line) => /not reachable|Running embedded|Mode:|ready/.test(line))
          .map((line) =>
            line.replace(/reachable at .*$/, 'reachable at …').replace(/API at .*$/, 'API at …'),
          ),
      ).toStrictEqual([
        'NATS is not reachable at …',
        'Running embedded instead: in-memory transport and an in-memory SQLite database, every role in this process, nothing kept after exit.',
        'Mode: embedded — in-memory transport (this process only), SQLite (:memory:)',
        'social-feed ready: roles api,users,posts,timeline,notifications, API at …',
      ]);
    });

    it('should answer /healthz 200 in embedded mode', () => {
      expect(health).toStrictEqual({
        status: 200,
        body: { status: 'ok', mode: 'embedded', transport: 'up', database: 'up' },
      });
    });

    it('should drain and exit 0 on SIGTERM', () => {
      expect(code).toStrictEqual(0);
    });
  });
});
