import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { readResult, type SqlResult } from './read-result.js';

/**
 * One statement on a DuckDB file no server holds, opened read-only (`tokentally sql` when the
 * server is not running). The file is the user's own: no tenant views, DuckDB's read-only mode
 * is the guard. Fails with DuckDB's lock error when a server does hold the file.
 */
export async function queryFileReadOnly(path: string, sql: string, maxRows: number): Promise<SqlResult> {
  if (!existsSync(path)) throw new Error(`no database file at ${path} (use --db PATH or --config FILE)`);
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const con = await instance.connect();
    try {
      return await readResult(con, sql, { maxRows });
    } finally {
      con.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
