/** Load shapes and probes shared by benchmark suites. */

/** Milliseconds since the process's time origin, sub-millisecond: comparable across one process. */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task(i)` for i < n with at most `window` in flight (closed loop); returns operations per second. */
export async function pipelined(n: number, window: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, n) }, worker));
  return n / ((performance.now() - started) / 1000);
}

/**
 * Starts `task(i)` at `rate` per second for `seconds` (open loop: a slow task does not hold back the
 * next one); resolves with how many were started once all have settled. Rejects with the first failure.
 */
export async function paced(rate: number, seconds: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const n = Math.round(rate * seconds);
  const started = performance.now();
  const running: Array<Promise<unknown>> = [];
  let i = 0;
  while (i < n) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    while (i < n && started + (i * 1000) / rate <= performance.now()) running.push(task(i++));
  }
  await Promise.all(running);
  return n;
}

/** Resolves once `done()` answers true, asking every `intervalMs`; rejects after `timeoutMs`. */
export async function until(done: () => boolean | Promise<boolean>, intervalMs: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`benchmark timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Peaks of `process.memoryUsage()` (bytes): the process's RSS, V8's heap size and off-heap buffers. */
export interface MemoryPeaks {
  readonly rss: number;
  readonly heapTotal: number;
  readonly external: number;
}

/** Samples `process.memoryUsage()` now, every `intervalMs`, and at `stop()`, which returns the peaks. */
export function sampleMemory(intervalMs: number): { stop(): MemoryPeaks } {
  const peaks = { rss: 0, heapTotal: 0, external: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, usage.rss);
    peaks.heapTotal = Math.max(peaks.heapTotal, usage.heapTotal);
    peaks.external = Math.max(peaks.external, usage.external);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peaks };
    },
  };
}

/** With BENCH_PROFILE=<file>, records a CPU profile of the measured phase there; call the result to write it. */
export async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const file = process.env.BENCH_PROFILE;
  if (!file) return undefined;
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
