import { BIGINT, BOOLEAN, DECIMAL, INTEGER, TIMESTAMPTZ, UBIGINT, VARCHAR, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import type { CallRecord, CostBreakdown, TokenUsage } from '../../pipeline/records.js';
import { BoolColumn, CHUNK_ROWS, Int32Column, Int64Column, VarcharColumn, hexHalves, newChunk, resetChunk, type Column } from './column-buffers.js';
import type { Dictionary } from './dictionary.js';

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

function hexId(name: string, value: (c: CallRecord) => string, offset: number): ColumnSpec {
  const column = new Int64Column();
  return {
    name,
    type: UBIGINT,
    column,
    fill: (row, c) => {
      const hex = value(c);
      if (hex === '') column.setHalves(row, 0, 0);
      else {
        const [high, low] = hexHalves(hex, offset);
        column.setHalves(row, high, low);
      }
    },
  };
}

function varchar(name: string, value: (c: CallRecord) => string | null): ColumnSpec {
  const column = new VarcharColumn();
  return { name, type: VARCHAR, column, fill: (row, c) => column.set(row, value(c)) };
}

/**
 * llm_calls_raw, column by column, in table order (queries/migrations/001_core.sql).
 * A test compares this list with the table so the two cannot drift apart.
 */
function callColumns(): ColumnSpec[] {
  const requestHash = new Int64Column();
  const isRetry = new BoolColumn();
  return [
    hexId('trace_hi', (c) => c.traceId, 0),
    hexId('trace_lo', (c) => c.traceId, 16),
    hexId('span_id', (c) => c.spanId, 0),
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
        else {
          const [high, low] = hexHalves(c.requestHash.toLowerCase(), 0);
          requestHash.setHalves(row, high, low);
        }
      },
    },
    varchar('run_id', (c) => c.runId),
    varchar('session_id', (c) => c.sessionId),
    varchar('attributes', (c) => (c.attributesJson === '' ? null : c.attributesJson)),
  ];
}

export const CALL_COLUMN_NAMES = callColumns().map((c) => c.name);

/**
 * Appends CallRecords to a table shaped like llm_calls_raw through data chunks of CHUNK_ROWS.
 * One writer owns one instance (the buffers are reused between chunks).
 */
export class CallRowWriter {
  private readonly columns = callColumns();
  /**
   * One chunk, reset and refilled for every 2,048 rows: a chunk's vectors live in native memory
   * that is freed only when its small JS wrapper is collected, which under load happens far too
   * late (hundreds of MiB of RSS), so chunks are never allocated per append.
   */
  private readonly chunk = newChunk(this.columns.map((c) => c.type));

  append(appender: DuckDBAppender, calls: readonly CallRecord[], dict: Dictionary): void {
    const chunk = this.chunk;
    for (let start = 0; start < calls.length; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, calls.length - start);
      resetChunk(chunk);
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
