import { filterByKey, keysOf } from './key.filter';

describe('filterByKey', () => {
  const claimed = [
    { id: '01', key: 'a' },
    { id: '02' },
    { id: '03', key: 'b' },
    { id: '05', key: 'a' },
    { id: '06', key: 'b' },
  ];

  describe('when no key has an older record outside the claim', () => {
    it('should keep every record', () => expect(filterByKey(claimed, new Map())).toStrictEqual(claimed));
  });

  describe('when a key has an unclaimed record between two claimed ones', () => {
    it('should keep that key’s records before it only', () =>
      expect(filterByKey(claimed, new Map([['a', '04']])).map((r) => r.id)).toStrictEqual(['01', '02', '03', '06']));
  });

  describe('when a key’s oldest unsent record is outside the claim', () => {
    it('should drop all of that key and keep unkeyed records', () =>
      expect(filterByKey(claimed, new Map([['b', '00']])).map((r) => r.id)).toStrictEqual(['01', '02', '05']));
  });
});

describe('keysOf', () => {
  it('should list the distinct keys and the newest keyed id', () =>
    expect(keysOf([{ id: '01', key: 'a' }, { id: '09' }, { id: '03', key: 'a' }, { id: '02', key: 'b' }])).toStrictEqual({ keys: ['a', 'b'], maxId: '03' }));
});
