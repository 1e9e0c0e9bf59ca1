import { JSDuckDBValueConverter, type DuckDBConnection } from '@duckdb/node-api';
import { bindParams, namedStatement } from '../named-sql.js';
import { jsonCell, type JsonCell } from '../sql/json-values.js';
import { factsParams, type CallFilters } from '../usage-scope.js';

export interface ExportRequest {
  tenant: string;
  startMs: number;
  endMs: number;
  filters: CallFilters;
}

function exportStatement(req: ExportRequest) {
  const sql = namedStatement('export_calls');
  // export_calls takes the usage_facts filter parameters; the source is irrelevant to it.
  return { sql, params: bindParams(sql, factsParams({ ...req, source: 'raw' })) };
}

export interface RowBatch {
  columns: string[];
  rows: JsonCell[][];
}

/**
 * The calls of an export, a DuckDB chunk (2,048 rows) at a time, so memory holds one chunk
 * whatever the window; the first batch has no rows, only the columns (a CSV header even for an
 * empty export). Stops early when `stopped()` turns true (the client went away).
 */
export async function* exportBatches(con: DuckDBConnection, req: ExportRequest, stopped: () => boolean): AsyncGenerator<RowBatch> {
  const { sql, params } = exportStatement(req);
  const result = await con.stream(sql, params);
  const columns = result.columnNames();
  const types = result.columnTypes();
  yield { columns, rows: [] };
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0 && !stopped(); chunk = await result.fetchChunk()) {
    yield { columns, rows: chunk.convertRows(JSDuckDBValueConverter).map((row) => row.map((v, i) => jsonCell(v, types[i]))) };
  }
}

/**
 * Writes the export as a Parquet file with DuckDB's own writer (streaming, compressed).
 *
 * DICTIONARY_SIZE_LIMIT: by default the writer builds a dictionary for every string column of a
 * row group before it finds that ids, run ids and attributes hardly repeat, and those
 * dictionaries outgrew the buffer pool: 400k calls did not fit in 64MB, 10M calls failed at the
 * default 256MB. With the limit they fit (measured: 400k calls in 64MB with one DuckDB thread;
 * each thread holds a row group of its rows, so two need 64-72MB), and the file is the same
 * size (9.9 vs 9.8 MiB): the columns that repeat (agent, model, status…) still get dictionaries.
 */
export async function writeParquet(con: DuckDBConnection, req: ExportRequest, path: string): Promise<void> {
  const { sql, params } = exportStatement(req);
  await con.run(`COPY (${sql}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 4096)`, params);
}
