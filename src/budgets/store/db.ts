import { DOUBLE, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../../storage/database.js';
import { namedQuery } from '../../storage/reader.js';

/** A list parameter; DuckDB cannot infer the element type of an empty or mixed list. */
export interface ListParam {
  list: Array<string | number>;
  type: 'double' | 'varchar';
}

export type Param = string | number | boolean | null | ListParam;
export type Params = Record<string, Param>;
export type Row = Record<string, unknown>;

/** One named query (queries/<name>.sql) with its parameters. */
export interface Statement {
  query: string;
  params: Params;
}

export const doubles = (list: number[]): ListParam => ({ list, type: 'double' });
export const varchars = (list: string[]): ListParam => ({ list, type: 'varchar' });

function bind(params: Params): { values: Record<string, DuckDBValue>; types: Record<string, DuckDBType> } {
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const [name, p] of Object.entries(params)) {
    if (p !== null && typeof p === 'object') {
      values[name] = listValue(p.list);
      types[name] = LIST(p.type === 'double' ? DOUBLE : VARCHAR);
    } else {
      values[name] = p;
    }
  }
  return { values, types };
}

/** One connection whose statements run one at a time, so a transaction never interleaves with another. */
class SerialConnection {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly con: DuckDBConnection) {}

  enqueue<T>(task: (con: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => task(this.con));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

/**
 * The budgets component's own DuckDB access: a writer connection (transactions of named
 * queries, in order) and a reader connection, beside the exporter's. The tables are the
 * component's own, so its writes never conflict with the exporter's commits. Created with the
 * component, opened by its start().
 */
export class BudgetDb {
  private writer: SerialConnection | undefined;
  private reader: SerialConnection | undefined;

  constructor(private readonly database: Database) {}

  async open(): Promise<void> {
    this.writer = new SerialConnection(await this.database.connect());
    this.reader = new SerialConnection(await this.database.connect());
  }

  rows(query: string, params: Params = {}): Promise<Row[]> {
    return this.connection(this.reader).enqueue(async (con) => {
      const { values, types } = bind(params);
      return (await con.runAndReadAll(namedQuery(query), values, types)).getRowObjectsJS();
    });
  }

  /** Runs the statements in one transaction: all of them are stored, or none. */
  transaction(statements: Statement[]): Promise<Row[][]> {
    return this.connection(this.writer).enqueue(async (con) => {
      await con.run('BEGIN TRANSACTION');
      try {
        const results: Row[][] = [];
        for (const s of statements) {
          const { values, types } = bind(s.params);
          results.push((await con.runAndReadAll(namedQuery(s.query), values, types)).getRowObjectsJS());
        }
        await con.run('COMMIT');
        return results;
      } catch (error) {
        await con.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async write(query: string, params: Params = {}): Promise<Row[]> {
    return (await this.transaction([{ query, params }]))[0]!;
  }

  /** Waits for queued statements, then closes both connections. Safe when never opened. */
  async close(): Promise<void> {
    const [writer, reader] = [this.writer, this.reader];
    this.writer = this.reader = undefined;
    for (const c of [writer, reader]) {
      if (!c) continue;
      await c.idle();
      c.con.closeSync();
    }
  }

  private connection(c: SerialConnection | undefined): SerialConnection {
    if (!c) throw new Error('tokentally budgets: the database is not open (start() first)');
    return c;
  }
}
