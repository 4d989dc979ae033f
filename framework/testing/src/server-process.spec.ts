import { freePort, serverProcess, type ServerProcessSpec } from './server-process';
import { tryConnect } from './servers';

/** A node process that listens on `port` (after `delayMs`) and logs to stderr. */
function listener(port: number, delayMs = 0): Pick<ServerProcessSpec, 'command' | 'args'> {
  const script = `console.error('booting'); setTimeout(() => require('node:net').createServer((s) => s.end()).listen(${port}, '127.0.0.1'), ${delayMs});`;
  return { command: process.execPath, args: ['-e', script] };
}

function spec(port: number, overrides: Partial<ServerProcessSpec> = {}): ServerProcessSpec {
  return {
    ...listener(port),
    name: `test server on port ${port}`,
    installHint: 'install it',
    ready: () => tryConnect('127.0.0.1', port, 200),
    startTimeoutMs: 10_000,
    exitTimeoutMs: 5_000,
    ...overrides,
  };
}

describe('serverProcess', () => {
  it('starts once the server answers, is killed, and starts again on the same port', async () => {
    const port = await freePort();
    const server = serverProcess(spec(port, listener(port, 200)));
    try {
      expect(server.isRunning()).toBe(false);
      await server.start();
      expect(server.isRunning()).toBe(true);
      expect(await tryConnect('127.0.0.1', port, 1_000)).toBeUndefined();
      const first = server.pid;

      await server.stop('SIGKILL');
      expect(server.isRunning()).toBe(false);
      expect(server.pid).toBeUndefined();
      expect(await tryConnect('127.0.0.1', port, 1_000)).toBeDefined();

      await server.start();
      expect(server.pid).not.toBe(first);
      expect(await tryConnect('127.0.0.1', port, 1_000)).toBeUndefined();
    } finally {
      await server.stop('SIGTERM');
      server.dispose();
    }
  });

  it('rejects with the exit and the last stderr lines when the server exits before it answers', async () => {
    const port = await freePort();
    const server = serverProcess(spec(port, { command: process.execPath, args: ['-e', "console.error('bad config'); process.exit(3)"] }));
    try {
      await expect(server.start()).rejects.toThrow(/test server on port \d+ did not start: exited \(code 3\)\nbad config/);
      expect(server.isRunning()).toBe(false);
    } finally {
      server.dispose();
    }
  });

  it('kills a server that does not answer in time and says why', async () => {
    const port = await freePort();
    const server = serverProcess(spec(port, { ...listener(port, 60_000), startTimeoutMs: 300 }));
    try {
      await expect(server.start()).rejects.toThrow(/did not start: no answer within 300 ms \(.+\)\nbooting/);
      expect(server.isRunning()).toBe(false);
    } finally {
      server.dispose();
    }
  });

  it('says how to install a command that is not on PATH', async () => {
    const server = serverProcess(spec(await freePort(), { command: 'jetbox-no-such-server', args: [], installHint: 'apt-get install it' }));
    try {
      await expect(server.start()).rejects.toThrow('jetbox-no-such-server is not on PATH: apt-get install it');
    } finally {
      server.dispose();
    }
  });
});
