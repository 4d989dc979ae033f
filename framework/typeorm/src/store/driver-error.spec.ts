import { type JetboxError } from '@jetbox/core';
import { isLockConflict, translateDriverError } from './driver-error';

function driverError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('isLockConflict', () => {
  it('should recognise a deadlock, a lock-wait timeout (also wrapped by TypeORM) and nothing else', () =>
    expect([
      isLockConflict(driverError('deadlock', { errno: 1213, code: 'ER_LOCK_DEADLOCK' })),
      isLockConflict(Object.assign(new Error('wrapped'), { driverError: { errno: 1205 } })),
      isLockConflict(driverError('dup', { errno: 1062, code: 'ER_DUP_ENTRY' })),
      isLockConflict('text'),
    ]).toStrictEqual([true, true, false, false]));
});

describe('translateDriverError', () => {
  describe('when the database is unreachable', () => {
    const cause = driverError('connect ECONNREFUSED 127.0.0.1:3306', { code: 'ECONNREFUSED' });
    const error = translateDriverError(cause, 'cannot claim outbox rows', 'MariaDB at 127.0.0.1:3306/test');
    it('should be a CONNECTION JetboxError saying what, where and why', () =>
      expect({ code: (error as JetboxError).code, message: error.message, cause: error.cause }).toStrictEqual({
        code: 'CONNECTION',
        message: 'cannot claim outbox rows: the database at MariaDB at 127.0.0.1:3306/test is not reachable: connect ECONNREFUSED 127.0.0.1:3306',
        cause,
      }));
  });

  describe('when the driver reports anything else', () => {
    const cause = driverError("Table 'test.jetbox_outbox' doesn't exist", { code: 'ER_NO_SUCH_TABLE', errno: 1146 });
    const error = translateDriverError(cause, 'cannot claim outbox rows', 'here');
    it('should keep the error object, its code and errno, with the context in front', () =>
      expect({ same: error === cause, message: error.message, errno: (error as Error & { errno: number }).errno }).toStrictEqual({
        same: true,
        message: "cannot claim outbox rows: Table 'test.jetbox_outbox' doesn't exist",
        errno: 1146,
      }));
  });
});
