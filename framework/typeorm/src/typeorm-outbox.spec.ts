import { type ConfigError } from '@jetbox/core';
import { DataSource } from 'typeorm';
import { typeormOutbox } from './typeorm-outbox';

describe('typeormOutbox', () => {
  describe('when given a MariaDB DataSource with a password', () => {
    const store = typeormOutbox({
      dataSource: new DataSource({ type: 'mariadb', host: '127.0.0.1', port: 3306, username: 'app', password: 's3cret', database: 'test' }),
    });
    it('should describe it without the password', () => expect(store.describe()).toBe('MariaDB at 127.0.0.1:3306/test'));
  });

  describe('when given a MySQL DataSource by url', () => {
    const store = typeormOutbox({ dataSource: new DataSource({ type: 'mysql', url: 'mysql://app:s3cret@db.internal:3307/orders' }) });
    it('should describe host, port and database only', () => expect(store.describe()).toBe('MySQL at db.internal:3307/orders'));
  });

  describe('when given a SQLite DataSource', () => {
    const store = typeormOutbox({ dataSource: new DataSource({ type: 'better-sqlite3', database: ':memory:' }) });
    it('should name the database', () => expect(store.describe()).toBe('SQLite (:memory:)'));
  });

  describe('when the options are wrong', () => {
    const attempt = () =>
      typeormOutbox({
        dataSource: { options: { type: 'postgres' } } as unknown as DataSource,
        relayIsolation: 'SNAPSHOT' as never,
        lockRetries: -1,
      });
    it('should throw a ConfigError listing every problem', () => {
      let problems: readonly string[] = [];
      try {
        attempt();
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems).toStrictEqual([
        "typeormOutbox: DataSource type 'postgres' is not supported: use 'mariadb' (MariaDB), 'mysql' (MySQL 8) or 'better-sqlite3'",
        "typeormOutbox: relayIsolation 'SNAPSHOT' is not one of READ UNCOMMITTED, READ COMMITTED, REPEATABLE READ, SERIALIZABLE",
        'typeormOutbox: lockRetries must be an integer from 0 to 50, got -1',
      ]);
    });
  });
});
