import { ConfigError } from '@jetbox/core';
import { NATS_DEFAULTS, resolveNatsOptions, type NatsTransportOptions } from './nats.options';

function problemsOf(options: unknown): readonly string[] {
  try {
    resolveNatsOptions(options as NatsTransportOptions);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe(resolveNatsOptions.name, () => {
  const savedUrl = process.env.NATS_URL;
  afterEach(() => {
    if (savedUrl === undefined) delete process.env.NATS_URL;
    else process.env.NATS_URL = savedUrl;
  });

  describe('when given no options and no NATS_URL', () => {
    it('should use the local default and reconnect forever', () => {
      delete process.env.NATS_URL;
      const resolved = resolveNatsOptions();
      expect({ servers: resolved.servers, reconnect: resolved.reconnect, pullBatch: resolved.pullBatch, asyncTraces: resolved.asyncTraces }).toStrictEqual({
        servers: ['nats://127.0.0.1:4222'],
        reconnect: { enabled: true, maxAttempts: -1, waitMs: 2_000, jitterMs: 100 },
        pullBatch: NATS_DEFAULTS.pullBatch,
        asyncTraces: false,
      });
    });
  });

  describe('when NATS_URL holds two URLs', () => {
    it('should use both', () => {
      process.env.NATS_URL = 'nats://a:4222, nats://b:4223';
      expect(resolveNatsOptions().servers).toStrictEqual(['nats://a:4222', 'nats://b:4223']);
    });
  });

  describe('when a URL carries user and password', () => {
    const resolved = resolveNatsOptions({ servers: 'nats://alice:s%40cret@10.0.0.1:4222' });

    it('should take them out of the URL', () => {
      expect(resolved.servers).toStrictEqual(['nats://10.0.0.1:4222']);
    });

    it('should use them as user and pass', () => {
      expect([resolved.user, resolved.pass]).toStrictEqual(['alice', 's@cret']);
    });
  });

  describe('when a URL carries only a user name', () => {
    it('should use it as a token', () => {
      expect(resolveNatsOptions({ servers: 'nats://t0ken@host:4222' }).token).toBe('t0ken');
    });
  });

  describe('when the URL is tls://', () => {
    it('should ask for TLS', () => {
      expect(resolveNatsOptions({ servers: 'tls://host:4443' }).tls).toStrictEqual({});
    });
  });

  describe.each<[string, unknown, RegExp]>([
    ['an http URL', { servers: 'http://host:4222' }, /option 'servers' holds 'http:\/\/host:4222': use a nats:\/\/ URL/],
    ['a WebSocket URL', { servers: ['ws://host:8080'] }, /WebSocket URL: the Node\.js nats client speaks TCP only, so use the server's client port, e\.g\. nats:\/\/host:4222/],
    ['a URL without scheme', { servers: 'host:4222' }, /option 'servers' holds 'host:4222', which has no scheme: write it as nats:\/\/host:4222/],
    ['an empty server list', { servers: [] }, /option 'servers' must be a URL such as nats:\/\/127\.0\.0\.1:4222/],
    ['nats:// and tls:// mixed', { servers: ['nats://a:1', 'tls://b:2'] }, /mixes nats:\/\/ and tls:\/\/ URLs/],
    ['a user without pass', { user: 'alice' }, /option 'user' is given without its pair/],
    ['a token and a creds file', { token: 't', credsFile: __filename }, /options token, credsFile are 2 ways to authenticate: give only one/],
    ['credentials in the URL and a token', { servers: 'nats://u:p@h:1', token: 't' }, /credentials in a URL and also user\/pass\/token/],
    ['an nkey seed that is not a user seed', { nkeySeed: 'SAAB' }, /option 'nkeySeed' must be a user seed, which starts with 'SU'/],
    ['a creds file that does not exist', { credsFile: '/nope/x.creds' }, /option 'credsFile' is '\/nope\/x\.creds', which cannot be read/],
    ['a fractional publish timeout', { publishTimeoutMs: 1.5 }, /option 'publishTimeoutMs' is 1\.5: it must be an integer ≥ 1/],
    ['a zero connect timeout', { connectTimeoutMs: 0 }, /option 'connectTimeoutMs' is 0: it must be an integer ≥ 1/],
    ['a pull batch of 0', { pullBatch: 0 }, /option 'pullBatch' is 0: it must be an integer ≥ 1 \(messages, e\.g\. 64\)/],
    ['async traces that are not a boolean', { asyncTraces: 'yes' }, /option 'asyncTraces' is "yes": it must be true or false/],
    ['reconnect attempts below -1', { reconnect: { maxAttempts: -2 } }, /option 'reconnect\.maxAttempts' is -2: it must be an integer ≥ -1/],
    ['an unknown reconnect setting', { reconnect: { wait: 1 } }, /option 'reconnect\.wait' is not a reconnect setting/],
    ['tls that is not an object', { tls: true }, /option 'tls' must be an object/],
    ['a logger without warn', { logger: { info() {}, error() {} } }, /option 'logger' must have info, warn and error methods/],
    ['a misspelt option', { sever: 'nats://x' }, /option 'sever' is not an option of the NATS transport/],
  ])('when given %s', (_, options, expected) => {
    it('should throw a ConfigError that says what to change', () => {
      expect(problemsOf(options)).toStrictEqual([expect.stringMatching(expected)]);
    });
  });

  describe('when several options are wrong', () => {
    it('should list every problem', () => {
      expect(problemsOf({ servers: 'http://x', pullBatch: -1, publishTimeoutMs: 'soon' })).toHaveLength(3);
    });
  });

  describe('when a URL with a password is wrong', () => {
    it('should not repeat the password', () => {
      expect(problemsOf({ servers: 'http://u:hunter2@x' }).join('\n')).not.toContain('hunter2');
    });
  });
});
