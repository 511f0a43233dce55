// Helpers both worker processes share: reading the request, the memory probe, and replying.
import type { WorkerRequest, WorkerResult } from './types.js';

export function readRequest(): WorkerRequest {
  const raw = process.argv[2];
  if (!raw) throw new Error('worker: missing request argument');
  return JSON.parse(raw) as WorkerRequest;
}

/** Peak RSS of this process so far, in MB of 10^6 bytes like the throughput figures
 * (resourceUsage reports KiB on every platform). */
export function peakRssMB(): number {
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}

/** One JSON line on stdout is the whole protocol with the parent. */
export function reply(result: WorkerResult): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

export function replyError(err: unknown): void {
  const e = err as { name?: string; code?: unknown; message?: string };
  reply({
    ok: false,
    error: {
      name: typeof e?.name === 'string' ? e.name : 'Error',
      ...(typeof e?.code === 'string' ? { code: e.code } : {}),
      message: typeof e?.message === 'string' ? e.message : String(err),
    },
  });
}
