import type { TokentallyConfig } from '../../config/schema.js';
import type { DatabaseOptions } from '../../storage/database.js';

export type DuckdbExporterConfig = TokentallyConfig['exporters']['duckdb'];

/** How a process opens the exporter's file with its settings; `threads` as the process runs (see threads.ts). */
export function databaseOptions(duckdb: DuckdbExporterConfig, threads: number | undefined): DatabaseOptions {
  return {
    path: duckdb.path,
    memoryLimit: duckdb.memory_limit,
    checkpointThreshold: duckdb.checkpoint_threshold,
    allocatorFlushThreshold: duckdb.allocator_bulk_deallocation_flush_threshold,
    threads,
  };
}
