// Crashes every worker of the thread pool (the test hook) and tells when all of them are gone. A
// parse fails as soon as the split it waits on fails, maybe before another crashed worker has
// exited; the next parse must not start while the pool still counts that worker as alive.
import { crashWorkers, poolWorkers } from '../../src/threads/pool.js';

/** Crashes the pool's workers now; the promise settles once every one of them has exited. */
export function crashAllWorkers(): Promise<void> {
  // Not events.once: it rejects on the 'error' event every crashing worker emits before 'exit'.
  const exited = poolWorkers().map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
  crashWorkers();
  return Promise.all(exited).then(() => undefined);
}
