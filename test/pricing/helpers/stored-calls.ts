import type { DuckDBConnection } from '@duckdb/node-api';
import { Dictionary } from '../../../src/exporters/duckdb/dictionary.js';
import type { CallRecord } from '../../../src/pipeline/records.js';
import type { WriteAccess } from '../../../src/pricing/repricer.js';
import type { Database } from '../../../src/storage/database.js';

/**
 * Stores calls the way the DuckDB exporter does, in plain SQL: dict ids, llm_calls_raw rows,
 * and roll-ups aggregated from them with the exporter's keys (queries/write/*.sql). Ids are
 * small integers so that they fit any integer parameter.
 */
export async function storeCalls(db: Database, calls: CallRecord[], toolCostNanos: Record<string, number> = {}): Promise<void> {
  const con = await db.connect();
  try {
    const dict = new Dictionary();
    await dict.load(con);
    const count = Number((await con.runAndReadAll('SELECT count(*) FROM llm_calls_raw')).getRows()[0]![0]);
    await con.run('BEGIN TRANSACTION');
    const rows = calls.map((c, i) => rowParams(c, count + i + 1, dict));
    await dict.persist(con);
    for (const params of rows) await con.run(INSERT_CALL, params);
    await con.run('DELETE FROM hourly_usage; DELETE FROM daily_usage; DELETE FROM runs; DELETE FROM run_agents;');
    await con.run(ROLLUPS_FROM_CALLS);
    for (const [runId, nanos] of Object.entries(toolCostNanos)) {
      await con.run('UPDATE runs SET tool_calls = 1, tool_cost = $2::BIGINT * 0.000000001, total_cost = total_cost + $2::BIGINT * 0.000000001 WHERE run_id = $1', [runId, nanos]);
    }
    await con.run('COMMIT');
    dict.committed();
  } finally {
    con.closeSync();
  }
}

function nanos(value: number | undefined): number | null {
  return value === undefined ? null : value;
}

function rowParams(c: CallRecord, n: number, dict: Dictionary): Array<string | number | boolean | null> {
  const cost = c.cost;
  return [
    n, n, n,
    new Date(c.startUs / 1000).toISOString(), new Date(c.endUs / 1000).toISOString(),
    dict.id(c.tenant), dict.id(c.agent), dict.idOrNull(c.taskType), dict.id(c.serviceName), dict.id(c.provider),
    dict.id(c.requestModel), dict.id(c.responseModel), dict.idOrNull(c.pricedModel), dict.id(c.operation), dict.id(c.category),
    dict.id(c.status), dict.idOrNull(c.errorType), dict.id(c.priceSource), dict.idOrNull(c.serviceTier),
    c.inputTokens, c.outputTokens, c.cacheReadTokens, c.cacheWriteTokens, c.cacheWrite1hTokens, c.reasoningTokens,
    c.inputAudioTokens, c.outputAudioTokens, c.inputImageTokens, c.outputImageTokens,
    nanos(cost?.inputCost), nanos(cost?.outputCost), nanos(cost?.cacheReadCost), nanos(cost?.cacheWriteCost),
    nanos(cost?.reasoningCost), nanos(cost?.otherCost), nanos(cost?.totalCost),
    c.attempt, c.isRetry, c.runId, c.sessionId, c.attributesJson === '' ? null : c.attributesJson,
  ];
}

const INSERT_CALL = `
INSERT INTO llm_calls_raw (
  trace_hi, trace_lo, span_id, parent_span_id, start_time, end_time,
  tenant_k, agent_k, task_type_k, service_k, provider_k, request_model_k, response_model_k, priced_model_k,
  operation_k, category_k, status_k, error_type_k, price_source_k, service_tier_k,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens,
  input_audio_tokens, output_audio_tokens, input_image_tokens, output_image_tokens,
  input_cost, output_cost, cache_read_cost, cache_write_cost, reasoning_cost, other_cost, total_cost,
  attempt, is_retry, request_hash, run_id, session_id, attributes)
VALUES (
  $1, $2, $3, 0, $4::TIMESTAMPTZ, $5::TIMESTAMPTZ,
  $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
  $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,
  ($30::BIGINT * 0.000000001)::DECIMAL(18, 9), ($31::BIGINT * 0.000000001)::DECIMAL(18, 9),
  ($32::BIGINT * 0.000000001)::DECIMAL(18, 9), ($33::BIGINT * 0.000000001)::DECIMAL(18, 9),
  ($34::BIGINT * 0.000000001)::DECIMAL(18, 9), ($35::BIGINT * 0.000000001)::DECIMAL(18, 9),
  ($36::BIGINT * 0.000000001)::DECIMAL(18, 9),
  $37, $38, NULL, $39, $40, $41)`;

/** The roll-ups as aggregates of llm_calls (the exporter's keys and sums); `into` prefixes the target tables. */
export function rollupsFromCalls(into: string): string {
  const sums = `count(*), count(*) FILTER (status = 'error'), count(*) FILTER (total_cost IS NULL),
    sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
    coalesce(sum(input_cost), 0), coalesce(sum(output_cost), 0), coalesce(sum(cache_read_cost), 0),
    coalesce(sum(cache_write_cost), 0), coalesce(sum(total_cost), 0), coalesce(sum(total_cost) FILTER (is_retry), 0)`;
  const keys = `tenant, agent, provider, coalesce(nullif(response_model, ''), request_model), category, coalesce(task_type, '')`;
  return `
INSERT INTO ${into}hourly_usage SELECT tenant, date_trunc('hour', start_time), ${keys.replace('tenant, ', '')}, ${sums} FROM llm_calls GROUP BY ALL;
INSERT INTO ${into}daily_usage SELECT tenant, start_time::DATE, ${keys.replace('tenant, ', '')}, ${sums} FROM llm_calls GROUP BY ALL;
INSERT INTO ${into}runs SELECT tenant, run_id, min(start_time), max(end_time), count(*), count(*) FILTER (status = 'error'),
  count(*) FILTER (is_retry), count(*) FILTER (total_cost IS NULL), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  coalesce(sum(total_cost), 0), coalesce(sum(total_cost) FILTER (is_retry), 0), coalesce(sum(total_cost) FILTER (status = 'error'), 0),
  0, 0, arg_max(status, end_time), 0, 0, md5_number_lower(run_id) FROM llm_calls GROUP BY tenant, run_id;
INSERT INTO ${into}run_agents SELECT tenant, run_id, agent, count(*), coalesce(sum(total_cost), 0), coalesce(sum(total_cost) FILTER (is_retry), 0), 0,
  min(start_time), md5_number_lower(run_id) FROM llm_calls GROUP BY tenant, run_id, agent;`;
}

const ROLLUPS_FROM_CALLS = rollupsFromCalls('');

/**
 * Rows of the roll-ups that differ from a fresh aggregate of the stored calls (tool costs, which
 * come from activity, are taken out of runs first). Empty when the roll-ups are right.
 */
export async function rollupDrift(db: Database): Promise<string[]> {
  const con = await db.connect();
  try {
    await con.run(`CREATE TEMP TABLE expected_hourly_usage AS SELECT * FROM hourly_usage LIMIT 0;
      CREATE TEMP TABLE expected_daily_usage AS SELECT * FROM daily_usage LIMIT 0;
      CREATE TEMP TABLE expected_runs AS SELECT * FROM runs LIMIT 0;
      CREATE TEMP TABLE expected_run_agents AS SELECT * FROM run_agents LIMIT 0;`);
    await con.run(rollupsFromCalls('expected_'));
    const drift: string[] = [];
    // merged_seq and created_seq say which merges wrote a row, which no aggregate of the calls can tell.
    for (const [table, actual, expected] of [
      ['hourly_usage', 'SELECT * FROM hourly_usage', 'SELECT * FROM expected_hourly_usage'],
      ['daily_usage', 'SELECT * FROM daily_usage', 'SELECT * FROM expected_daily_usage'],
      [
        'runs',
        'SELECT * EXCLUDE (tool_calls, tool_cost, merged_seq, created_seq) REPLACE (total_cost - tool_cost AS total_cost) FROM runs',
        'SELECT * EXCLUDE (tool_calls, tool_cost, merged_seq, created_seq) FROM expected_runs',
      ],
      ['run_agents', 'SELECT * EXCLUDE (merged_seq) FROM run_agents', 'SELECT * EXCLUDE (merged_seq) FROM expected_run_agents'],
    ] as const) {
      for (const sql of [`(${actual}) EXCEPT (${expected})`, `(${expected}) EXCEPT (${actual})`]) {
        const rows = (await con.runAndReadAll(sql)).getRowObjectsJS();
        for (const r of rows) drift.push(`${table}: ${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`);
      }
    }
    return drift;
  } finally {
    con.closeSync();
  }
}

/** Write access on a connection of its own with a freshly loaded dictionary (the CLI's offline path). */
export function ownConnection(db: Database): { write: WriteAccess; close: () => void } {
  let con: DuckDBConnection | undefined;
  return {
    write: async (task) => {
      con ??= await db.connect();
      const dict = new Dictionary();
      await dict.load(con);
      return task(con, dict);
    },
    close: () => con?.closeSync(),
  };
}

/**
 * Makes `copies` more of every stored call (new span ids, each copy a minute later than the one
 * before) and rebuilds the roll-ups from them: many calls, fast, without ingest.
 */
export async function copyCalls(db: Database, copies: number): Promise<void> {
  const con = await db.connect();
  try {
    await con.run('BEGIN TRANSACTION');
    await con.run(`INSERT INTO llm_calls_raw
      SELECT c.* REPLACE (c.span_id + i * 1000000 AS span_id, c.start_time + i * INTERVAL 1 MINUTE AS start_time, c.end_time + i * INTERVAL 1 MINUTE AS end_time)
      FROM llm_calls_raw c, range(1, $1 + 1) t(i)`, [copies]);
    await con.run('DELETE FROM hourly_usage; DELETE FROM daily_usage; DELETE FROM runs; DELETE FROM run_agents;');
    await con.run(ROLLUPS_FROM_CALLS);
    await con.run('COMMIT');
  } finally {
    con.closeSync();
  }
}
