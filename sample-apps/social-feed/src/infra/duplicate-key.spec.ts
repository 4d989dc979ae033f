import { isDuplicateKey } from './duplicate-key';

describe('isDuplicateKey', () => {
  it.each([
    [{ driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }, true],
    [{ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, true],
    [{ driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } }, false],
    [new Error('boom'), false],
    [null, false],
  ])('should judge %j a duplicate key: %s', (error, expected) => {
    expect(isDuplicateKey(error)).toStrictEqual(expected);
  });
});
