import { availableParallelism } from 'node:os';

/**
 * DuckDB's threads in `tokentally serve` when exporters.duckdb.threads is not set: the cores the
 * two JavaScript threads (main and processing) leave, at least one. DuckDB's own default, every
 * core, let the thread running a statement wait for DuckDB's worker thread in a sched_yield loop
 * that competed with the JavaScript threads for the same two cores: measured here under load,
 * three alternating 512k-span runs, 26.3-27.1 against 27.9-30.0 us of CPU a span with one
 * thread (~2 us, 7%, of it in sched_yield and context switches), throughput equal or higher.
 * Offline commands (re-pricing, export) have the machine to themselves and keep DuckDB's default.
 */
export function serverDuckdbThreads(configured: number | undefined, cores = availableParallelism()): number {
  return configured ?? Math.max(1, cores - 2);
}
