import { BIGINT, BOOLEAN, DECIMAL, INTEGER, TIMESTAMPTZ, UBIGINT, VARCHAR, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import type { CallRecord, CostBreakdown, TokenUsage } from '../../pipeline/records.js';
import { BoolColumn, CHUNK_ROWS, Int32Column, Int64Column, VarcharColumn, newChunk, resetChunk, type Column } from './column-buffers.js';
import { hexWord } from '../../util/hex-words.js';
import type { Dictionary } from './dictionary.js';
import { KEY_WORDS } from './recent-keys.js';

type Fill = (row: number, call: CallRecord, dict: Dictionary) => void;

interface ColumnSpec {
  name: string;
  type: DuckDBType;
  column: Column;
  fill: Fill;
}

const money = DECIMAL(18, 9);

function int64(name: string, type: DuckDBType, value: (c: CallRecord) => number): ColumnSpec {
  const column = new Int64Column();
  return { name, type, column, fill: (row, c) => column.set(row, value(c)) };
}

function int32(name: string, value: (c: CallRecord) => number): ColumnSpec {
  const column = new Int32Column();
  return { name, type: INTEGER, column, fill: (row, c) => column.set(row, value(c)) };
}

function tokens(name: string, key: keyof TokenUsage): ColumnSpec {
  return int64(name, BIGINT, (c) => c[key]);
}

function cost(name: string, key: keyof CostBreakdown): ColumnSpec {
  const column = new Int64Column();
  return {
    name,
    type: money,
    column,
    fill: (row, c) => (c.cost === null ? column.setNull(row) : column.set(row, c.cost[key])),
  };
}

function dictId(name: string, value: (c: CallRecord) => string | null): ColumnSpec {
  const column = new Int32Column();
  return { name, type: INTEGER, column, fill: (row, c, dict) => column.set(row, dict.idOrNull(value(c))) };
}

/**
 * One 64-bit word of the span key (trace_hi, trace_lo or span_id), taken from the keys the group
 * commit already parsed for de-duplication (recent-keys.ts: six 32-bit words a call).
 */
function keyWord(name: string, word: 0 | 2 | 4, group: GroupState): ColumnSpec {
  const column = new Int64Column();
  return {
    name,
    type: UBIGINT,
    column,
    fill: (row) => {
      const at = (group.base + row) * KEY_WORDS + word;
      column.setHalves(row, group.keys[at]!, group.keys[at + 1]!);
    },
  };
}

function hexId(name: string, value: (c: CallRecord) => string, offset: number): ColumnSpec {
  const column = new Int64Column();
  return {
    name,
    type: UBIGINT,
    column,
    fill: (row, c) => {
      const hex = value(c);
      if (hex === '') column.setHalves(row, 0, 0);
      else column.setHalves(row, hexWord(hex, offset), hexWord(hex, offset + 8));
    },
  };
}

function varchar(name: string, value: (c: CallRecord) => string | null): ColumnSpec {
  const column = new VarcharColumn();
  return { name, type: VARCHAR, column, fill: (row, c) => column.set(row, value(c)) };
}

/**
 * llm_calls_raw, column by column, in table order (queries/migrations/001_core.sql, then
 * commit_seq from 005_commit_seq.sql).
 * A test compares this list with the table so the two cannot drift apart.
 */
/** What the columns of one append share: commit_seq, and the calls' parsed keys from row `base` on. */
interface GroupState {
  seq: number;
  keys: Uint32Array;
  base: number;
}

function callColumns(group: GroupState = { seq: 0, keys: new Uint32Array(0), base: 0 }): ColumnSpec[] {
  const requestHash = new Int64Column();
  const isRetry = new BoolColumn();
  return [
    keyWord('trace_hi', 0, group),
    keyWord('trace_lo', 2, group),
    keyWord('span_id', 4, group),
    hexId('parent_span_id', (c) => c.parentSpanId, 0),
    int64('start_time', TIMESTAMPTZ, (c) => c.startUs),
    int64('end_time', TIMESTAMPTZ, (c) => c.endUs),
    dictId('tenant_k', (c) => c.tenant),
    dictId('agent_k', (c) => c.agent),
    dictId('task_type_k', (c) => c.taskType),
    dictId('service_k', (c) => c.serviceName),
    dictId('provider_k', (c) => c.provider),
    dictId('request_model_k', (c) => c.requestModel),
    dictId('response_model_k', (c) => c.responseModel),
    dictId('priced_model_k', (c) => c.pricedModel),
    dictId('operation_k', (c) => c.operation),
    dictId('category_k', (c) => c.category),
    dictId('status_k', (c) => c.status),
    dictId('error_type_k', (c) => c.errorType),
    dictId('price_source_k', (c) => c.priceSource),
    dictId('service_tier_k', (c) => c.serviceTier),
    tokens('input_tokens', 'inputTokens'),
    tokens('output_tokens', 'outputTokens'),
    tokens('cache_read_tokens', 'cacheReadTokens'),
    tokens('cache_write_tokens', 'cacheWriteTokens'),
    tokens('cache_write_1h_tokens', 'cacheWrite1hTokens'),
    tokens('reasoning_tokens', 'reasoningTokens'),
    tokens('input_audio_tokens', 'inputAudioTokens'),
    tokens('output_audio_tokens', 'outputAudioTokens'),
    tokens('input_image_tokens', 'inputImageTokens'),
    tokens('output_image_tokens', 'outputImageTokens'),
    cost('input_cost', 'inputCost'),
    cost('output_cost', 'outputCost'),
    cost('cache_read_cost', 'cacheReadCost'),
    cost('cache_write_cost', 'cacheWriteCost'),
    cost('reasoning_cost', 'reasoningCost'),
    cost('other_cost', 'otherCost'),
    cost('total_cost', 'totalCost'),
    int32('attempt', (c) => c.attempt),
    { name: 'is_retry', type: BOOLEAN, column: isRetry, fill: (row, c) => isRetry.set(row, c.isRetry) },
    {
      name: 'request_hash',
      type: UBIGINT,
      column: requestHash,
      fill: (row, c) => {
        if (c.requestHash === null || !/^[0-9a-f]{16}/i.test(c.requestHash)) requestHash.setNull(row);
        else requestHash.setHalves(row, hexWord(c.requestHash, 0), hexWord(c.requestHash, 8));
      },
    },
    varchar('run_id', (c) => c.runId),
    varchar('session_id', (c) => c.sessionId),
    varchar('attributes', (c) => (c.attributesJson === '' ? null : c.attributesJson)),
    int64('commit_seq', BIGINT, () => group.seq),
  ];
}

export const CALL_COLUMN_NAMES = callColumns().map((c) => c.name);

/**
 * Appends CallRecords to a table shaped like llm_calls_raw through data chunks of CHUNK_ROWS.
 * One writer owns one instance (the buffers are reused between chunks).
 */
export class CallRowWriter {
  /** The commit_seq written on every row (migrations/005_commit_seq.sql). */
  private readonly group: GroupState = { seq: 0, keys: new Uint32Array(0), base: 0 };
  private readonly columns = callColumns(this.group);
  /**
   * One chunk, reset and refilled for every 2,048 rows: a chunk's vectors live in native memory
   * that is freed only when its small JS wrapper is collected, which under load happens far too
   * late (hundreds of MiB of RSS), so chunks are never allocated per append.
   */
  private readonly chunk = newChunk(this.columns.map((c) => c.type));

  /** `keys`: the calls' span keys, KEY_WORDS words each (recent-keys.ts writeKey). */
  append(appender: DuckDBAppender, calls: readonly CallRecord[], dict: Dictionary, commitSeq: number, keys: Uint32Array): void {
    this.group.seq = commitSeq;
    this.group.keys = keys;
    const chunk = this.chunk;
    for (let start = 0; start < calls.length; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, calls.length - start);
      resetChunk(chunk);
      this.group.base = start;
      this.columns.forEach((spec, index) => {
        if (spec.column instanceof VarcharColumn) spec.column.bind(chunk, index);
        spec.column.reset();
        const fill = spec.fill;
        for (let row = 0; row < rows; row++) fill(row, calls[start + row]!, dict);
        spec.column.flushTo(chunk, index, rows);
      });
      chunk.rowCount = rows;
      appender.appendDataChunk(chunk);
    }
  }
}
