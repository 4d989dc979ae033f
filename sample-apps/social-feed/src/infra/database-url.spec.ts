import { ConfigError } from '@jetbox/core';
import { describeDatabase, parseDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it('should read a MariaDB URL with credentials, port and database', () => {
    expect(parseDatabaseUrl('mysql://feed:s%40cret@db.local:3307/social')).toStrictEqual({
      kind: 'mariadb',
      host: 'db.local',
      port: 3307,
      username: 'feed',
      password: 's@cret',
      database: 'social',
    });
  });

  it('should default to root, port 3306 and the jetbox_social database', () => {
    expect(parseDatabaseUrl('mariadb://127.0.0.1')).toStrictEqual({
      kind: 'mariadb',
      host: '127.0.0.1',
      port: 3306,
      username: 'root',
      password: '',
      database: 'jetbox_social',
    });
  });

  it.each([
    ['sqlite::memory:', ':memory:'],
    ['sqlite:/tmp/feed.db', '/tmp/feed.db'],
    ['sqlite://feed.db', 'feed.db'],
  ])('should read %s as SQLite on %s', (url, database) => {
    expect(parseDatabaseUrl(url)).toStrictEqual({ kind: 'sqlite', database });
  });

  it.each([
    [
      'postgres://localhost/feed',
      "DATABASE_URL has the scheme 'postgres:': use mysql:// (MariaDB or MySQL) or sqlite:<file>",
    ],
    [
      'localhost:3306',
      "DATABASE_URL has the scheme 'localhost:': use mysql:// (MariaDB or MySQL) or sqlite:<file>",
    ],
    [
      'not a url',
      'DATABASE_URL is not a URL: write mysql://user:password@host:3306/jetbox_social or sqlite:<file>',
    ],
    [
      'mysql://localhost/feed-db',
      "DATABASE_URL names the database 'feed-db': use 1–64 characters of A-Z, a-z, 0-9 and _",
    ],
  ])('should refuse %s, saying what to write', (url, problem) => {
    expect(() => parseDatabaseUrl(url)).toThrow(new ConfigError([problem]));
  });

  it('should describe a database without its password', () => {
    expect(describeDatabase(parseDatabaseUrl('mysql://root:secret@127.0.0.1:3306/social'))).toStrictEqual(
      'MariaDB at 127.0.0.1:3306/social',
    );
  });
});
