// TYPED_CSV_TRACE=1: the phase times of a parse on several threads, on stderr (for measuring, not
// an API). Each phase's line as it ends, then one JSON line that bench/threads.ts reads to split the
// time into the serial part (file start, chain, unpack, join) and the parallel part (scan, parse).

import { knob } from './plan.js';

export type PhaseName = 'fileStart' | 'scan' | 'chain' | 'parse' | 'unpack' | 'join';

export class PhaseClock {
  private readonly t0 = performance.now();
  private last = this.t0;
  private readonly ms: Record<PhaseName, number> = { fileStart: 0, scan: 0, chain: 0, parse: 0, unpack: 0, join: 0 };

  /** Ends the phase running since the last mark (less the time `within` it already counted). */
  mark(phase: PhaseName, label: string, within = 0): void {
    const now = performance.now();
    this.ms[phase] += now - this.last - within;
    this.last = now;
    console.error(`typed-csv threads: ${label} at ${(now - this.t0).toFixed(1)} ms`);
  }

  /** Adds time measured inside another phase (unpacking while the splits are received). */
  add(phase: PhaseName, ms: number): void {
    this.ms[phase] += ms;
  }

  /** The JSON line: each phase's ms, the total, and what the parse was. */
  report(facts: { threads: number; splits: number; rows: number; bytes: number }): void {
    const total = performance.now() - this.t0;
    console.error(`typed-csv threads: phases ${JSON.stringify({ ...facts, total, ...this.ms })}`);
  }
}

/** Whether the TYPED_CSV_TRACE knob is 1 (plan.ts reads knobs: the environment, or a test page's global). */
export function traceOn(): boolean {
  return knob('TYPED_CSV_TRACE') === '1';
}
