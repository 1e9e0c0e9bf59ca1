import { JSDuckDBValueConverter, type DuckDBConnection } from '@duckdb/node-api';
import { jsonCell, type JsonCell } from './json-values.js';
import { isOutOfMemory } from '../../storage/out-of-memory.js';

export interface SqlResult {
  columns: Array<{ name: string; type: string }>;
  rows: JsonCell[][];
  row_count: number;
  truncated: boolean;
  elapsed_ms: number;
}

export type SqlFailureCode = 'sql_not_allowed' | 'sql_error' | 'query_timeout';

export class SqlFailure extends Error {
  constructor(readonly code: SqlFailureCode, message: string) {
    super(message);
  }
}

/**
 * Runs `sql` on `con` and reads at most `maxRows` rows as JSON cells, streaming so a huge
 * result is never materialised. With `timeoutMs`, the statement is interrupted at the limit.
 */
export async function readResult(con: DuckDBConnection, sql: string, limits: { maxRows: number; timeoutMs?: number }): Promise<SqlResult> {
  const started = performance.now();
  let timedOut = false;
  const timer =
    limits.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          con.interrupt();
        }, limits.timeoutMs);
  const timeout = () => new SqlFailure('query_timeout', `the statement ran longer than the ${limits.timeoutMs} ms limit and was interrupted`);
  try {
    const result = await con.stream(sql);
    const types = result.columnTypes();
    const rows: JsonCell[][] = [];
    let truncated = false;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0 && !truncated; chunk = await result.fetchChunk()) {
      for (const row of chunk.convertRows(JSDuckDBValueConverter)) {
        if (rows.length === limits.maxRows) {
          truncated = true;
          break;
        }
        rows.push(row.map((v, i) => jsonCell(v, types[i])));
      }
    }
    // An interrupted stream can end quietly instead of failing: the flag tells which.
    if (timedOut) throw timeout();
    return {
      columns: result.columnNames().map((name, i) => ({ name, type: types[i]!.toString() })),
      rows,
      row_count: rows.length,
      truncated,
      elapsed_ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof SqlFailure || isOutOfMemory(error)) throw error;
    if (timedOut) throw timeout();
    throw new SqlFailure('sql_error', (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
}
