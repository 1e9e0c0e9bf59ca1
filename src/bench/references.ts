import { DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { CallRecord } from '../pipeline/records.js';
import { decodeTracesProtobuf } from '../receivers/otlp/decode/index.js';
import { decodeTracesGeneric } from './generic-decode.js';

/**
 * Spans per second for decoding `bodies` with `decode`, best of `rounds`: on a shared machine
 * other work slows some rounds (seen here: one decoder's best of 3 fell by a third), never speeds one up.
 */
function decodeRate(bodies: Uint8Array[], decode: (b: Uint8Array) => unknown, spansPerBody: number, rounds = 7): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const body of bodies) decode(body);
    best = Math.max(best, (bodies.length * spansPerBody) / ((performance.now() - t) / 1000));
  }
  return best;
}

export interface DecodeFigures {
  tokentally: number;
  protobufjs: number;
}

/** tokentally's decoder against protobufjs (a generic protobuf library) on the same bytes. */
export function measureDecode(bodies: Uint8Array[], spansPerBody: number): DecodeFigures {
  // protobufjs first: measured after tokentally's decoder in the same process, its JIT state
  // makes it slower than it really is, which would flatter the ratio.
  const protobufjs = decodeRate(bodies, decodeTracesGeneric, spansPerBody);
  return { tokentally: decodeRate(bodies, decodeTracesProtobuf, spansPerBody), protobufjs };
}

/**
 * The plain way to store the same rows: DuckDB's row-by-row Appender into a table with the
 * readable llm_calls columns (strings as strings), in memory. Rows per second.
 */
export async function measurePlainAppender(calls: CallRecord[]): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(`CREATE TABLE plain_calls (
    trace_id VARCHAR, span_id VARCHAR, parent_span_id VARCHAR, start_time TIMESTAMPTZ, end_time TIMESTAMPTZ,
    tenant VARCHAR, run_id VARCHAR, agent VARCHAR, task_type VARCHAR, service_name VARCHAR, provider VARCHAR,
    request_model VARCHAR, response_model VARCHAR, priced_model VARCHAR, operation VARCHAR, category VARCHAR, status VARCHAR,
    price_source VARCHAR, input_tokens BIGINT, output_tokens BIGINT, cache_read_tokens BIGINT, cache_write_tokens BIGINT,
    reasoning_tokens BIGINT, input_cost DOUBLE, output_cost DOUBLE, cache_read_cost DOUBLE, total_cost DOUBLE, attempt INTEGER)`);
  const appender = await con.createAppender('plain_calls');
  const started = performance.now();
  for (const c of calls) {
    for (const s of [c.traceId, c.spanId, c.parentSpanId]) appender.appendVarchar(s);
    appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(c.startUs)));
    appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(c.endUs)));
    for (const s of [c.tenant, c.runId, c.agent, c.taskType ?? '', c.serviceName, c.provider, c.requestModel, c.responseModel, c.pricedModel ?? '', c.operation, c.category, c.status, c.priceSource]) {
      appender.appendVarchar(s);
    }
    for (const n of [c.inputTokens, c.outputTokens, c.cacheReadTokens, c.cacheWriteTokens, c.reasoningTokens]) appender.appendBigInt(BigInt(n));
    for (const n of [c.cost?.inputCost, c.cost?.outputCost, c.cost?.cacheReadCost, c.cost?.totalCost]) appender.appendDouble((n ?? 0) / 1e9);
    appender.appendInteger(c.attempt);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const rate = calls.length / ((performance.now() - started) / 1000);
  con.closeSync();
  instance.closeSync();
  return rate;
}
