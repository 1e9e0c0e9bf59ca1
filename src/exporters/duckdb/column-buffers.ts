import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';

/** Rows per DuckDB data chunk (DuckDB's STANDARD_VECTOR_SIZE). */
export const CHUNK_ROWS = duckdb.vector_size();

const TWO_32 = 4294967296;

/**
 * Column-at-a-time staging for one DuckDB data chunk: numbers go into typed arrays and cross into
 * the native vector with one copy per column; strings cross one value at a time (so the hot table
 * keeps few of them). int64 values are written as two 32-bit halves, which avoids a BigInt per
 * value; callers keep them within ±2^53.
 */
export class Int64Column {
  readonly words = new Int32Array(CHUNK_ROWS * 2);
  readonly valid = new Uint8Array(CHUNK_ROWS / 8);
  hasNull = false;

  set(row: number, value: number): void {
    this.words[row * 2] = value >>> 0 | 0;
    this.words[row * 2 + 1] = Math.floor(value / TWO_32);
  }

  /** Unsigned 64-bit value from its high and low 32-bit halves. */
  setHalves(row: number, high: number, low: number): void {
    this.words[row * 2] = low | 0;
    this.words[row * 2 + 1] = high | 0;
  }

  setNull(row: number): void {
    this.hasNull = true;
    this.valid[row >> 3]! &= ~(1 << (row & 7));
  }

  reset(): void {
    if (this.hasNull) this.valid.fill(0xff);
    this.hasNull = false;
  }

  constructor() {
    this.valid.fill(0xff);
  }

  flushTo(chunk: DuckDBDataChunk, column: number, rows: number): void {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    duckdb.copy_data_to_vector(vector, 0, this.words.buffer, 0, rows * 8);
    flushValidity(vector, this.hasNull, this.valid, rows);
  }
}

export class Int32Column {
  readonly values = new Int32Array(CHUNK_ROWS);
  readonly valid = new Uint8Array(CHUNK_ROWS / 8);
  hasNull = false;

  constructor() {
    this.valid.fill(0xff);
  }

  set(row: number, value: number | null): void {
    if (value === null) {
      this.hasNull = true;
      this.valid[row >> 3]! &= ~(1 << (row & 7));
    } else {
      this.values[row] = value;
    }
  }

  reset(): void {
    if (this.hasNull) this.valid.fill(0xff);
    this.hasNull = false;
  }

  flushTo(chunk: DuckDBDataChunk, column: number, rows: number): void {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    duckdb.copy_data_to_vector(vector, 0, this.values.buffer, 0, rows * 4);
    flushValidity(vector, this.hasNull, this.valid, rows);
  }
}

export class BoolColumn {
  readonly values = new Uint8Array(CHUNK_ROWS);

  set(row: number, value: boolean): void {
    this.values[row] = value ? 1 : 0;
  }

  reset(): void {}

  flushTo(chunk: DuckDBDataChunk, column: number, rows: number): void {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    duckdb.copy_data_to_vector(vector, 0, this.values.buffer, 0, rows);
  }
}

/** Strings are assigned straight into the native vector; only the null mask is staged. */
export class VarcharColumn {
  readonly valid = new Uint8Array(CHUNK_ROWS / 8);
  hasNull = false;
  private vector: duckdb.Vector | undefined;

  constructor() {
    this.valid.fill(0xff);
  }

  bind(chunk: DuckDBDataChunk, column: number): void {
    this.vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
  }

  set(row: number, value: string | null): void {
    if (value === null) {
      this.hasNull = true;
      this.valid[row >> 3]! &= ~(1 << (row & 7));
    } else {
      duckdb.vector_assign_string_element(this.vector!, row, value);
    }
  }

  reset(): void {
    if (this.hasNull) this.valid.fill(0xff);
    this.hasNull = false;
  }

  flushTo(_chunk: DuckDBDataChunk, _column: number, rows: number): void {
    flushValidity(this.vector!, this.hasNull, this.valid, rows);
  }
}

function flushValidity(vector: duckdb.Vector, hasNull: boolean, valid: Uint8Array<ArrayBuffer>, rows: number): void {
  if (!hasNull) return;
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, valid.buffer, 0, Math.ceil(rows / 8));
}

export type Column = Int64Column | Int32Column | BoolColumn | VarcharColumn;

export function newChunk(types: readonly DuckDBType[]): DuckDBDataChunk {
  return DuckDBDataChunk.create(types);
}

/** Empties a chunk for reuse: size 0, every value valid again, string heap released. */
export function resetChunk(chunk: DuckDBDataChunk): void {
  duckdb.data_chunk_reset(chunk.chunk);
}
