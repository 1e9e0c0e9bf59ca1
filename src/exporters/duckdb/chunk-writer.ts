import { BIGINT, BOOLEAN, DECIMAL, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import { BoolColumn, CHUNK_ROWS, Int32Column, Int64Column, VarcharColumn, newChunk, resetChunk, type Column } from './column-buffers.js';

/** Writes one record's value of a column into row `row` of the column's buffer. */
export type Fill<R> = (row: number, record: R) => void;

/** Writes rows `start` to `start + rows - 1` of `records` into rows 0… of the column's buffer. */
export type FillRows<R> = (records: readonly R[], start: number, rows: number) => void;

/** One table column: its name and DuckDB type, its staging buffer and how a record fills it. */
export interface ColumnSpec<R> {
  name: string;
  type: DuckDBType;
  column: Column;
  fill: Fill<R>;
  /** Fills a chunk's rows at once, where a column has a faster way than `fill` a row. */
  fillRows?: FillRows<R>;
}

/**
 * An int64-backed column (BIGINT, UBIGINT, TIMESTAMPTZ in µs, DECIMAL(18, 9) in nanos); a null
 * value stores NULL.
 */
export function int64Column<R>(name: string, type: DuckDBType, value: (r: R) => number | null): ColumnSpec<R> {
  const column = new Int64Column();
  return {
    name,
    type,
    column,
    fill: (row, r) => {
      const v = value(r);
      if (v === null) column.setNull(row);
      else column.set(row, v);
    },
  };
}

export const bigintColumn = <R>(name: string, value: (r: R) => number | null) => int64Column(name, BIGINT, value);

/** Money: DECIMAL(18, 9) US dollars, held as integer nano-dollars. */
export const MONEY = DECIMAL(18, 9);
export const moneyColumn = <R>(name: string, nanos: (r: R) => number | null) => int64Column(name, MONEY, nanos);

/** An INTEGER column (dictionary ids, counts); a null value stores NULL. */
export function int32Column<R>(name: string, value: (r: R) => number | null): ColumnSpec<R> {
  const column = new Int32Column();
  return { name, type: INTEGER, column, fill: (row, r) => column.set(row, value(r)) };
}

export function booleanColumn<R>(name: string, value: (r: R) => boolean): ColumnSpec<R> {
  const column = new BoolColumn();
  return { name, type: BOOLEAN, column, fill: (row, r) => column.set(row, value(r)) };
}

export function varcharColumn<R>(name: string, value: (r: R) => string | null): ColumnSpec<R> {
  const column = new VarcharColumn();
  return { name, type: VARCHAR, column, fill: (row, r) => column.set(row, value(r)) };
}

/**
 * Appends records to a table through data chunks of CHUNK_ROWS, filled column by column: one
 * crossing into the native binding a column per chunk for numbers, one a value for strings —
 * against several a value (and a value object each) for row-by-row appends.
 * One writer owns one instance (the buffers and the chunk are reused).
 */
export class ChunkWriter<R> {
  /**
   * One chunk, reset and refilled for every CHUNK_ROWS rows: a chunk's vectors live in native
   * memory that is freed only when its small JS wrapper is collected, which under load happens
   * far too late (hundreds of MiB of RSS), so chunks are never allocated per append.
   */
  private readonly chunk;

  constructor(readonly columns: readonly ColumnSpec<R>[]) {
    this.chunk = newChunk(columns.map((c) => c.type));
  }

  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** `beforeChunk(start)` is told the index of the first record of each chunk before it is filled. */
  append(appender: DuckDBAppender, records: readonly R[], beforeChunk?: (start: number) => void): void {
    const chunk = this.chunk;
    for (let start = 0; start < records.length; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, records.length - start);
      resetChunk(chunk);
      beforeChunk?.(start);
      this.columns.forEach((spec, index) => {
        if (spec.column instanceof VarcharColumn) spec.column.bind(chunk, index);
        spec.column.reset();
        if (spec.fillRows) {
          spec.fillRows(records, start, rows);
        } else {
          const fill = spec.fill;
          for (let row = 0; row < rows; row++) fill(row, records[start + row]!);
        }
        spec.column.flushTo(chunk, index, rows);
      });
      chunk.rowCount = rows;
      appender.appendDataChunk(chunk);
    }
  }
}
