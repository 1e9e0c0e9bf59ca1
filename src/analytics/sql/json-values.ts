import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

export type JsonCell = string | number | boolean | null | JsonCell[] | { [key: string]: JsonCell };

/**
 * A DuckDB value (as @duckdb/node-api converts it to JS) as JSON: integers beyond 2^53 and
 * blobs become strings (a number would silently lose digits), dates stay dates (YYYY-MM-DD),
 * timestamps become ISO 8601 UTC.
 */
export function jsonCell(value: unknown, type?: DuckDBType): JsonCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return type?.typeId === DuckDBTypeId.DATE ? value.toISOString().slice(0, 10) : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => jsonCell(v));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonCell(v)]));
  return value as string | boolean;
}
