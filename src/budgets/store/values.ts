import type { Row } from './db.js';

/**
 * Reading DuckDB rows (BIGINT arrives as bigint) and writing parameters (money as exact decimal
 * text, times as ISO 8601) without a float ever standing in for a nano-dollar amount.
 */
export function text(row: Row, name: string): string {
  return String(row[name]);
}

export function optText(row: Row, name: string): string | null {
  const v = row[name];
  return v === null || v === undefined ? null : String(v);
}

export function int(row: Row, name: string): number {
  return Number(row[name] ?? 0);
}

export function optInt(row: Row, name: string): number | null {
  const v = row[name];
  return v === null || v === undefined ? null : Number(v);
}

export function list<T>(row: Row, name: string): T[] {
  const v = row[name];
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Nano-dollars as DECIMAL(18,9) text, e.g. 1_500_000_000 -> "1.500000000". */
export function decimal(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const abs = Math.abs(Math.round(nanos));
  return `${sign}${Math.floor(abs / 1_000_000_000)}.${String(abs % 1_000_000_000).padStart(9, '0')}`;
}

export const optDecimal = (nanos: number | null) => (nanos === null ? null : decimal(nanos));

export const isoTime = (ms: number) => new Date(ms).toISOString();
export const optIsoTime = (ms: number | null) => (ms === null ? null : isoTime(ms));
