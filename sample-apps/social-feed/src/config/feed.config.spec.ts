import type { ConfigError } from '@jetbox/core';
import { readFeedConfig } from './feed.config';
import { parseRoles, ROLES } from './roles';

describe('parseRoles', () => {
  it.each([
    [undefined, [...ROLES]],
    ['', [...ROLES]],
    ['timeline', ['timeline']],
    [' notifications , api,api ', ['api', 'notifications']],
  ])('should read %j as %j', (value, roles) => {
    expect(parseRoles(value)).toStrictEqual({ roles, problems: [] });
  });

  it('should name an unknown role and list the known ones', () => {
    expect(parseRoles('api,timelines').problems).toStrictEqual([
      "ROLES holds 'timelines', which is not a role: use a comma list of api, users, posts, timeline, notifications (or leave ROLES unset for all)",
    ]);
  });
});

describe('readFeedConfig', () => {
  describe('when the environment is empty', () => {
    it('should use the defaults', () => {
      expect(readFeedConfig({})).toStrictEqual({
        port: 3001,
        host: '127.0.0.1',
        natsUrl: 'nats://127.0.0.1:4222',
        databaseUrl: 'mysql://root@127.0.0.1:3306/jetbox_social',
        roles: [...ROLES],
        namespace: undefined,
        mode: 'auto',
        fanOutBatchSize: 500,
      });
    });
  });

  describe('when every value is wrong', () => {
    let error: unknown;

    beforeAll(() => {
      try {
        readFeedConfig({
          PORT: 'http',
          ROLES: 'web',
          FEED_NAMESPACE: 'Tests!',
          FEED_MODE: 'cloud',
          FANOUT_BATCH_SIZE: '0',
        });
      } catch (caught) {
        error = caught;
      }
    });

    it('should throw a ConfigError listing each problem and what to write', () => {
      expect((error as ConfigError).problems).toStrictEqual([
        "PORT='http' must be a whole number from 0 to 65535",
        "FANOUT_BATCH_SIZE='0' must be a whole number from 1 to 5000",
        "ROLES holds 'web', which is not a role: use a comma list of api, users, posts, timeline, notifications (or leave ROLES unset for all)",
        "FEED_NAMESPACE='Tests!' must be 1–40 characters of a-z, 0-9 and _, starting with a letter",
        "FEED_MODE='cloud' must be one of auto, production, embedded",
      ]);
    });
  });
});
