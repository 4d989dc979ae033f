import { ConfigError } from '@jetbox/core';
import { JetStreamTransport, nats } from './jetstream.transport';

describe(JetStreamTransport.name, () => {
  describe('when the URLs carry credentials', () => {
    it('should describe the servers without them', () => {
      const transport = nats({ servers: ['nats://alice:secret@10.0.0.1:4222', 'nats://alice:secret@10.0.0.2:4222'] });
      expect(transport.describe()).toBe('NATS JetStream at nats://10.0.0.1:4222, nats://10.0.0.2:4222');
    });
  });

  describe('when built', () => {
    it('should be of kind nats', () => {
      expect(nats({ servers: 'nats://127.0.0.1:4222' }).kind).toBe('nats');
    });

    it('should not be healthy before connect()', () => {
      expect(nats({ servers: 'nats://127.0.0.1:4222' }).isHealthy()).toBe(false);
    });
  });

  describe('when an option is invalid', () => {
    it('should throw a ConfigError at once', () => {
      expect(() => nats({ servers: 'http://x' })).toThrow(ConfigError);
    });
  });
});
