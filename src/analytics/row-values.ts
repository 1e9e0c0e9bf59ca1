import type { JsonValue, Row } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';

/** Typed reads of query result cells (Reader rows are JSON values). */

export function num(row: Row | undefined, column: string): number {
  const v = row?.[column];
  return typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v);
}

export function usd(row: Row | undefined, column: string): number {
  return roundUsd(num(row, column));
}

export function str(row: Row | undefined, column: string): string | null {
  const v: JsonValue | undefined = row?.[column];
  return v === null || v === undefined ? null : String(v);
}

/** cost / count, 0 when count is 0 (an empty window has no average, and JSON has no NaN). */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
