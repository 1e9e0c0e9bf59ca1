/**
 * A statement DuckDB could not run within its buffer pool (exporters.duckdb.memory_limit). It is
 * a property of the request's size, not a fault: the API answers it as 503 out_of_memory with
 * what to change (api/errors.ts), so layers that wrap DuckDB's errors let it through.
 */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Out of Memory Error');
}
