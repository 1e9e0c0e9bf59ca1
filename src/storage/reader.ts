import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Database } from './database.js';
import { queriesDir } from '../util/paths.js';

export type Row = Record<string, JsonValue>;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type Params = Record<string, DuckDBValue> | DuckDBValue[];

/** JSON-friendly values: BIGINT -> number, DECIMAL -> number, timestamps -> ISO 8601 UTC. */
function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value as JsonValue;
}

const namedQueryCache = new Map<string, string>();

/**
 * The text of queries/<name>.sql. The API, the CLI and users at a DuckDB prompt run the same
 * files, so the SQL lives there and nowhere else.
 */
export function namedQuery(name: string): string {
  let sql = namedQueryCache.get(name);
  if (sql === undefined) {
    if (!/^[a-z0-9_]+(\/[a-z0-9_]+)?$/.test(name)) throw new Error(`bad query name: ${name}`);
    sql = readFileSync(join(queriesDir(), `${name}.sql`), 'utf8');
    namedQueryCache.set(name, sql);
  }
  return sql;
}

/**
 * Read access for analytics. A small pool of connections on the server's own DuckDB instance,
 * so reads run in parallel with the exporter's writes (DuckDB's MVCC gives each query a
 * consistent snapshot of committed data).
 */
export class Reader {
  private readonly idle: DuckDBConnection[] = [];
  private open = 0;
  private readonly waiting: Array<(c: DuckDBConnection) => void> = [];

  constructor(private readonly db: Database, private readonly maxConnections = 4) {}

  async rows(sql: string, params?: Params): Promise<Row[]> {
    return this.withConnection(async (con) => {
      const reader = await con.runAndReadAll(sql, params as never);
      return reader.getRowObjectsJS().map((r) => toJson(r) as Row);
    });
  }

  async one(sql: string, params?: Params): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0];
  }

  /** Runs `fn` with a pooled connection; the connection returns to the pool afterwards. */
  async withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
    const con = await this.acquire();
    try {
      return await fn(con);
    } finally {
      this.release(con);
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    const con = this.idle.pop();
    if (con) return con;
    if (this.open < this.maxConnections) {
      this.open++;
      return this.db.connect();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(con: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(con);
    else this.idle.push(con);
  }

  close(): void {
    for (const con of this.idle.splice(0)) con.closeSync();
  }
}
