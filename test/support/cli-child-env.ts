// The environment the CLI tests give the `typed-csv` commands they run in child processes.

/**
 * This process's environment, except that the threads project's split-size knob (64 bytes) is for
 * in-process tests: a command reading a 6 MB file would make ~90,000 splits of it and run for
 * minutes, so a child's splits are at least 64 KiB (files that size or larger still go through
 * the threads).
 */
const split = process.env.TYPED_CSV_SPLIT_BYTES;
export const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, ...(split ? { TYPED_CSV_SPLIT_BYTES: String(Math.max(Number(split), 65536)) } : {}) };
