import { SerialQueue } from './serial.queue';

describe('SerialQueue', () => {
  describe('when tasks are queued at once', () => {
    it('should run them one at a time, in call order', async () => {
      const queue = new SerialQueue();
      const log: string[] = [];
      const task = (name: string) => async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`end ${name}`);
      };
      await Promise.all([queue.run(task('a')), queue.run(task('b'))]);
      expect(log).toStrictEqual(['start a', 'end a', 'start b', 'end b']);
    });
  });

  describe('when a task queues another and waits for it', () => {
    it('should reject the inner one at once instead of hanging', async () => {
      const queue = new SerialQueue();
      await expect(queue.run(() => queue.run(async () => 1, 'nested'))).rejects.toThrow('nested');
    });
  });

  describe('when a task starts background work that queues after the task ended', () => {
    it('should run it', async () => {
      const queue = new SerialQueue();
      let later: Promise<number> | undefined;
      await queue.run(async () => {
        later = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => queue.run(async () => 2));
      });
      await expect(later).resolves.toBe(2);
    });
  });
});
