import { queryFileReadOnly } from '../../analytics/sql/file-sql.js';
import type { SqlResult } from '../../analytics/sql/read-result.js';
import type { JsonCell } from '../../analytics/sql/json-values.js';
import { loadConfig } from '../../config/load.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { ApiUnreachableError } from '../client/api-client.js';
import { resolveConfigPath } from '../config-path.js';
import { formatCount } from '../format/numbers.js';
import { table } from '../format/table.js';
import { apiClientFor, printJson } from './report-context.js';

const DEFAULT_MAX_ROWS = 1_000;

const cellText = (v: JsonCell) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function printResult(result: SqlResult, source: string): void {
  console.log(
    table(
      result.columns.map((c, i) => ({ header: c.name, value: (row: JsonCell[]) => cellText(row[i] ?? null), align: /INT|DECIMAL|DOUBLE|FLOAT|HUGEINT/.test(c.type) ? ('right' as const) : ('left' as const) })),
      result.rows,
    ),
  );
  console.log(`${formatCount(result.row_count)} row${result.row_count === 1 ? '' : 's'}${result.truncated ? ' (truncated: --max-rows)' : ''} in ${result.elapsed_ms} ms, ${source}`);
}

/** The database file of the configuration (or the default path). */
function databasePath(dbFlag: string | undefined, configFlag: string | undefined): string {
  if (dbFlag) return dbFlag;
  return loadConfig(resolveConfigPath(configFlag)).exporters.duckdb.path;
}

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'Run one read-only SQL statement: through the running server, or on the database file when none runs',
  usage: 'tokentally sql "SELECT …" [--max-rows N] [--db PATH] [--json] [--config FILE]',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { config: { type: 'string', short: 'c' }, json: { type: 'boolean' }, db: { type: 'string' }, 'max-rows': { type: 'string' } },
      true,
    );
    const statement = positionals.join(' ').trim();
    if (!statement) throw new UsageError('give the statement, e.g. tokentally sql "SELECT agent, sum(total_cost) FROM llm_calls GROUP BY agent"');
    const maxRows = values['max-rows'] === undefined ? DEFAULT_MAX_ROWS : Number(values['max-rows']);
    if (!Number.isInteger(maxRows) || maxRows < 1) throw new UsageError(`--max-rows must be a positive integer; got "${values['max-rows']}"`);
    let result: SqlResult;
    let source: string;
    // --db reads the file itself; otherwise the server answers, and the file only when no server runs.
    try {
      if (values.db) throw new ApiUnreachableError('file requested');
      const client = apiClientFor(values.config);
      result = await client.post<SqlResult>('/v1/sql', { sql: statement, max_rows: maxRows });
      source = `via ${client.baseUrl}`;
    } catch (error) {
      if (!(error instanceof ApiUnreachableError)) throw error;
      const path = databasePath(values.db, values.config);
      result = await queryFileReadOnly(path, statement, maxRows);
      source = `from ${path} (read-only)`;
    }
    if (values.json) return printJson(result);
    printResult(result, source);
    return 0;
  },
};
