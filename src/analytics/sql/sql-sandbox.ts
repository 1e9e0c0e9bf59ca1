import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../../storage/database.js';
import { readResult, SqlFailure, type SqlResult } from './read-result.js';
import { Semaphore } from './semaphore.js';
import { StatementGuard, nonSelectReason } from './statement-guard.js';

/** The relations users may query, each read through a view confined to their tenant. */
export const PUBLIC_RELATIONS = [
  'llm_calls',
  'activity',
  'tool_calls',
  'runs',
  'run_agents',
  'hourly_usage',
  'daily_usage',
  'budgets',
  'budget_events',
  'agents',
  'approvals',
  'credits_ledger',
] as const;

export interface SqlLimits {
  timeoutMs: number;
  maxRows: number;
  /** Statements running at once; more wait, so ad hoc SQL cannot starve the analytics pool. */
  maxConcurrent?: number;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Runs one user statement against the live database, confined to a tenant:
 *  1. the statement is checked on DuckDB's parse tree (StatementGuard): one SELECT, only the
 *     public relations, unqualified, no file/URL/catalog table functions, no side effects;
 *  2. it runs on a connection of its own where TEMP views named like the public relations
 *     (temp objects are found before the database's) hold only the tenant's rows;
 *  3. inside a READ ONLY transaction, so even a missed write fails in DuckDB itself;
 *  4. interrupted at the time limit, and read only up to the row limit.
 * The connection is closed afterwards: nothing one statement does outlives it.
 */
export class SqlSandbox {
  private readonly slots: Semaphore;
  private relations: Promise<{ catalog: string; names: string[] }> | undefined;

  constructor(private readonly db: Database, private readonly limits: SqlLimits) {
    this.slots = new Semaphore(limits.maxConcurrent ?? 2);
  }

  async run(tenant: string, sql: string, maxRows = this.limits.maxRows): Promise<SqlResult> {
    const release = await this.slots.acquire();
    const con = await this.db.connect();
    try {
      const { catalog, names } = await this.publicRelations(con);
      await this.check(con, sql, names);
      for (const name of names) {
        await con.run(`CREATE TEMP VIEW ${quoteIdent(name)} AS SELECT * FROM ${quoteIdent(catalog)}.main.${quoteIdent(name)} WHERE tenant = ${quoteLiteral(tenant)}`);
      }
      await con.run('BEGIN TRANSACTION READ ONLY');
      return await readResult(con, sql, { maxRows: Math.min(maxRows, this.limits.maxRows), timeoutMs: this.limits.timeoutMs });
    } finally {
      con.closeSync();
      release();
    }
  }

  private async check(con: DuckDBConnection, sql: string, relations: string[]): Promise<void> {
    const statements = await con.extractStatements(sql).catch((error: unknown) => {
      throw new SqlFailure('sql_error', (error as Error).message.replace(/^Failed to extract statements: /, ''));
    });
    if (statements.count !== 1) throw new SqlFailure('sql_not_allowed', `send exactly one statement; got ${statements.count}`);
    const tree = (await con.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])).getRows()[0]?.[0];
    const verdict = new StatementGuard(relations).check(String(tree));
    if (verdict.allowed) return;
    throw new SqlFailure('sql_not_allowed', /Only SELECT statements/.test(verdict.reason) ? nonSelectReason(sql) : verdict.reason);
  }

  /** The public relations this database has, with the tenant column that confines them. */
  private publicRelations(con: DuckDBConnection): Promise<{ catalog: string; names: string[] }> {
    this.relations ??= (async () => {
      const reader = await con.runAndReadAll(
        `SELECT current_database(), list(DISTINCT table_name ORDER BY table_name)
         FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'
           AND column_name = 'tenant' AND table_name IN (${PUBLIC_RELATIONS.map(quoteLiteral).join(', ')})`,
      );
      const [catalog, names] = reader.getRowsJS()[0] as [string, string[] | null];
      return { catalog, names: names ?? [] };
    })();
    return this.relations;
  }
}
