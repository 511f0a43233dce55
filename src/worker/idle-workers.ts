// The module Web Workers behind parseInWorker, kept idle for the next call (starting one and
// compiling the core costs tens of ms). One parse holds a worker at a time, whether it uses one
// worker or several (src/worker/split-client.ts).

/** Idle workers are kept this long for the next call. */
const IDLE_MS = 10_000;
const MAX_IDLE = 4;

const idle: { worker: Worker; timer: ReturnType<typeof setTimeout> }[] = [];
let nextId = 1;

/** A request id, unique on this page: a reused worker never mistakes an old answer for a new one. */
export function nextRequestId(): number {
  return nextId++;
}

export function takeWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(kept.timer);
    return kept.worker;
  }
  // This exact form, a literal `new URL('./worker.js', import.meta.url)` inside `new Worker(...)`,
  // is what bundlers (Vite, webpack 5, Parcel, esbuild with plugins) recognise to emit the worker.
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'typed-csv' });
}

/** The worker script's URL, for error messages. */
export function workerScriptUrl(): string {
  return new URL('./worker.js', import.meta.url).href;
}

/** Back to the cache: the worker has no request running and no listener of ours attached. */
export function keepWorker(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    worker.terminate();
    return;
  }
  const entry = {
    worker,
    timer: setTimeout(() => {
      const i = idle.indexOf(entry);
      if (i >= 0) idle.splice(i, 1);
      worker.terminate();
    }, IDLE_MS),
  };
  idle.push(entry);
}

/** Stops the idle workers parseInWorker keeps for reuse (running parses are not affected). */
export function terminateWorkers(): void {
  for (const { worker, timer } of idle.splice(0)) {
    clearTimeout(timer);
    worker.terminate();
  }
}
