import { requireMariaDb } from './mariadb.fixture';

describe('requireMariaDb', () => {
  describe('when nothing listens at the address', () => {
    it('should fail saying how to fix it', async () =>
      expect(requireMariaDb('mysql://root@127.0.0.1:1/test')).rejects.toThrow(
        /^MariaDB is not reachable at 127\.0\.0\.1:1 \(.*\): start it \(see README\) or set DATABASE_URL$/,
      ));
  });
});
