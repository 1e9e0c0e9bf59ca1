import type { DuckDBValue } from '@duckdb/node-api';
import { namedQuery, type Reader, type Row } from '../storage/reader.js';

export type SqlParams = Record<string, DuckDBValue | undefined>;

const PARAM = /\$([a-z_][a-z0-9_]*)/gi;
const LINE_COMMENT = /--[^\n]*/g;

/**
 * DuckDB refuses named parameters a statement does not use, and the named queries share one
 * filter set of which each uses a part: bind exactly the names the text mentions.
 */
export function bindParams(sql: string, params: SqlParams): Record<string, DuckDBValue> {
  const bound: Record<string, DuckDBValue> = {};
  for (const [, name] of sql.replace(LINE_COMMENT, '').matchAll(PARAM)) {
    const key = name!.toLowerCase();
    if (key in bound) continue;
    if (!(key in params)) throw new Error(`query parameter $${key} was not supplied`);
    bound[key] = params[key] ?? null;
  }
  return bound;
}

/** A named query's statement: without its header comment and final semicolon, so it can be nested. */
export function namedStatement(name: string): string {
  return namedQuery(name)
    .replace(/^(\s*--[^\n]*\n)+/, '')
    .replace(/;\s*$/, '');
}

/**
 * A query over `usage_facts` (queries/usage_facts.sql) made runnable by defining that relation
 * as a CTE in front of it. Shape queries may start with their own WITH; their CTEs follow.
 */
export function overUsageFacts(shape: string): string {
  const facts = namedStatement('usage_facts');
  const rest = namedStatement(shape);
  const ownWith = /^\s*WITH\s+/i.exec(rest);
  return ownWith
    ? `WITH usage_facts AS (\n${facts}\n),\n${rest.slice(ownWith[0].length)}`
    : `WITH usage_facts AS (\n${facts}\n)\n${rest}`;
}

/** A line ending in the comment "only with $name". */
const OPTIONAL_LINE = /^.*--\s*only with \$([a-z_][a-z0-9_]*)[ \t]*$/gim;

/**
 * `sql` without the lines marked "-- only with $name" whose parameter is NULL. DuckDB plans a
 * prepared statement before it knows the values, so `$x IS NULL OR <filter>` still costs the
 * filter's join or scan, and an ORDER BY key chosen by CASE on a parameter keeps it from its top-N
 * shortcut (queries/runs_list.sql: 850 ms against 8 over 5M runs, measured here).
 */
export function withOptionalLines(sql: string, params: SqlParams): string {
  return sql.replace(OPTIONAL_LINE, (line, name: string) => (params[name.toLowerCase()] == null ? '' : line));
}

export async function runNamed(reader: Reader, name: string, params: SqlParams): Promise<Row[]> {
  const sql = withOptionalLines(namedStatement(name), params);
  return reader.rows(sql, bindParams(sql, params));
}

export async function runOverFacts(reader: Reader, shape: string, params: SqlParams): Promise<Row[]> {
  const sql = overUsageFacts(shape);
  return reader.rows(sql, bindParams(sql, params));
}
