import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Database } from '../../../src/storage/database.js';
import { createDuckdbExporter } from '../../../src/exporters/duckdb/factory.js';
import type { DuckdbExporter } from '../../../src/exporters/duckdb/exporter.js';
import { CallRowWriter } from '../../../src/exporters/duckdb/call-rows.js';
import { ActivityRowWriter } from '../../../src/exporters/duckdb/activity-rows.js';
import { RollupRowWriters } from '../../../src/exporters/duckdb/rollup-rows.js';
import { GroupCommit } from '../../../src/exporters/duckdb/group-commit.js';
import { Dictionary } from '../../../src/exporters/duckdb/dictionary.js';
import { newBatch } from '../../../src/pipeline/batch.js';
import type { CommittedBatch } from '../../../src/pipeline/commit.js';
import type { ActivityRecord, CallRecord } from '../../../src/pipeline/records.js';
import { configSchema } from '../../../src/config/schema.js';
import { RecordDecoder, RecordEncoder } from '../../../src/pipeline/worker/record-codec.js';
import { EncodedCall } from '../../../src/pipeline/worker/encoded-call.js';
import { tokenUsage } from '../../../src/pricing/token-usage.js';
import { makeActivity, makeCall, randomHex } from '../../support/records.js';

/**
 * Per run agent: whether its start_time is the agent's first call or priced tool call in the run,
 * and whether it and its run carry the run id's hash (migration 015).
 */
const AGENT_STARTS = `
  SELECT a.run_id, a.start_time = f.s AS starts, a.run_hash = md5_number_lower(a.run_id) AS hashed, r.run_hash = md5_number_lower(r.run_id) AS run_hashed
  FROM run_agents a
  JOIN runs r USING (tenant, run_id)
  JOIN (
    SELECT run_id, agent, min(start_time) AS s
    FROM (SELECT run_id, agent, start_time FROM llm_calls UNION ALL SELECT run_id, agent, start_time FROM activity WHERE cost IS NOT NULL)
    GROUP BY ALL
  ) f USING (run_id, agent)
  ORDER BY a.run_id, a.agent`;
import { tempDir } from '../../support/temp-dir.js';

const exporterConfig = configSchema.parse({}).exporters.duckdb;

function batchOf(calls: CallRecord[], activities: ActivityRecord[] = []) {
  const b = newBatch({ protocol: 'http', tenant: 'default' }, []);
  b.calls = calls;
  b.activities = activities;
  return b;
}

describe('DuckDB exporter', () => {
  let dir: { dir: string; cleanup: () => void };
  let db: Database;
  let exporter: DuckdbExporter;
  let committed: CommittedBatch[];
  /** Run once by the listener after the next commit it is told of. */
  let afterNextCommit: (() => void) | undefined;
  const path = () => join(dir.dir, 'tt.duckdb');

  async function open() {
    db = await Database.open({ path: path() });
    committed = [];
    const listener = {
      onCommit: (b: CommittedBatch) => {
        committed.push(b);
        const after = afterNextCommit;
        afterNextCommit = undefined;
        after?.();
      },
    };
    exporter = createDuckdbExporter({ ...exporterConfig, commit_interval_ms: 1 }, db, [listener]);
    await exporter.start();
  }

  async function close() {
    await exporter.shutdown();
    db.close();
  }

  /** Stops the exporter and drives a GroupCommit of its own on the file, one commit at a time. */
  async function groupCommitAlone(options: Parameters<typeof GroupCommit.prepare>[2] = {}) {
    await close();
    db = await Database.open({ path: path() });
    const con = await db.connect();
    const dict = new Dictionary();
    await dict.load(con);
    return { con, commit: await GroupCommit.prepare(con, dict, options) };
  }

  async function query(sql: string) {
    const con = await db.connect();
    try {
      return (await con.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      con.closeSync();
    }
  }

  beforeEach(async () => {
    dir = tempDir();
    await open();
  });
  afterEach(async () => {
    await close();
    dir.cleanup();
  });

  /** Every run_agents row (none left out by the join) has the right start and hashes. */
  async function expectAgentStartsRight(): Promise<void> {
    const rows = await query(AGENT_STARTS);
    const [stored] = await query('SELECT count(*) AS n FROM run_agents');
    expect(rows.length).toBe(Number(stored!.n));
    expect(rows.filter((r) => !(r.starts && r.hashed && r.run_hashed))).toEqual([]);
  }

  it('writes the columns of llm_calls_raw, activity and the pending roll-ups in table order', async () => {
    const columnsOf = async (table: string) =>
      (await query(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`)).map((c) => c.column_name);
    expect(await columnsOf('llm_calls_raw')).toEqual(new CallRowWriter(new Dictionary()).columnNames);
    expect(await columnsOf('activity')).toEqual(new ActivityRowWriter().columnNames);
    const rollups = new RollupRowWriters();
    expect(await columnsOf('rollup_pending_hourly')).toEqual(rollups.hourly.columnNames);
    expect(await columnsOf('rollup_pending_runs')).toEqual(rollups.runs.columnNames);
    expect(await columnsOf('rollup_pending_run_agents')).toEqual(rollups.runAgents.columnNames);
  });

  it('stores every field of a call and shows it through the llm_calls view', async () => {
    const call = makeCall({ sessionId: 's-9', responseId: 'chatcmpl-9x', attributesJson: '{"gen_ai.request.temperature":0.2}', requestHash: 'abcdef0123456789ff', reasoningTokens: 50, outputTokens: 300 });
    await exporter.consume(batchOf([call]));
    const [row] = await query('SELECT * FROM llm_calls');
    expect(row).toMatchObject({
      trace_id: call.traceId,
      span_id: call.spanId,
      parent_span_id: null,
      tenant: 'default',
      run_id: 'run-1',
      agent: 'researcher',
      session_id: 's-9',
      task_type: 'research',
      service_name: 'agent-svc',
      provider: 'openai',
      request_model: 'gpt-4o',
      response_model: 'gpt-4o-2024-08-06',
      priced_model: 'gpt-4o-2024-08-06',
      operation: 'chat',
      category: 'llm',
      input_tokens: 1000n,
      output_tokens: 300n,
      cache_read_tokens: 100n,
      reasoning_tokens: 50n,
      input_cost: 0.00225,
      output_cost: 0.002,
      cache_read_cost: 0.000125,
      total_cost: 0.004375,
      price_source: 'catalog',
      status: 'ok',
      attempt: 1,
      is_retry: false,
      request_hash: 'abcdef0123456789',
      duration_ms: 1500n,
      response_id: 'chatcmpl-9x',
      attributes: '{"gen_ai.request.temperature":0.2}',
    });
    expect((row!.start_time as Date).toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('stores a call read from the hand-over exactly as the same call given as an object, column by column', async () => {
    // Every count and cost differs, so a column filled from the wrong place cannot go unnoticed.
    const distinct = makeCall({
      parentSpanId: randomHex(8), sessionId: 's-1', errorType: 'timeout', status: 'error', attempt: 3, isRetry: true, requestHash: randomHex(8), serviceTier: 'flex', responseId: 'resp_1', attributesJson: '{"k":"é"}',
      ...tokenUsage({ inputTokens: 1_001, outputTokens: 202, cacheReadTokens: 103, cacheWriteTokens: 44, cacheWrite1hTokens: 5, reasoningTokens: 16, inputAudioTokens: 7, outputAudioTokens: 8, inputImageTokens: 9, outputImageTokens: 10 }),
      cost: { inputCost: 11, outputCost: 12, cacheReadCost: 13, cacheWriteCost: 14, reasoningCost: 15, otherCost: 16, totalCost: 81 },
    });
    const unpriced = makeCall({ pricedModel: null, priceSource: 'unpriced', cost: null, taskType: null });
    // The same attributes JSON again: the hand-over sends it through its string table this time.
    const repeated = makeCall({ responseId: 'resp_2', attributesJson: '{"k":"é"}' });
    const objects = [distinct, unpriced, repeated];
    const copies = objects.map((c) => ({ ...c, spanId: randomHex(8) }));
    const message = new RecordEncoder().encode({ calls: copies, activities: [], fixups: [], rejections: [] });
    const handedOver = new RecordDecoder().decode(structuredClone(message)).calls;
    expect(handedOver.every((c) => c instanceof EncodedCall)).toBe(true);
    await exporter.consume(batchOf(objects));
    await exporter.consume(batchOf(handedOver));
    const rows = await query('SELECT * FROM llm_calls');
    expect(rows).toHaveLength(6);
    for (const [i, call] of objects.entries()) {
      const fromObject = rows.find((r) => r.span_id === call.spanId)!;
      const fromHandOver = rows.find((r) => r.span_id === copies[i]!.spanId)!;
      expect(fromHandOver.trace_id).toBe(call.traceId);
      expect({ ...fromHandOver, span_id: null }, `call ${i}`).toEqual({ ...fromObject, span_id: null });
    }
    expect(rows.find((r) => r.trace_id === distinct.traceId)).toMatchObject({ cache_write_1h_tokens: 5n, output_image_tokens: 10n, reasoning_cost: 1.5e-8, other_cost: 1.6e-8, attempt: 3 });
    expect(rows.find((r) => r.trace_id === unpriced.traceId)).toMatchObject({ total_cost: null, input_cost: null, response_id: null, attributes: null });
    expect(rows.filter((r) => r.trace_id === repeated.traceId)).toEqual([
      expect.objectContaining({ response_id: 'resp_2', attributes: '{"k":"é"}' }),
      expect.objectContaining({ response_id: 'resp_2', attributes: '{"k":"é"}' }),
    ]);
  });

  it('stores every field of a tool call, and NULL for what it lacks', async () => {
    const t0 = Date.parse('2026-11-20T10:00:00Z') * 1000;
    const full = makeActivity({
      parentSpanId: 'a1b2c3d4e5f60718', sessionId: 's-2', taskType: 'research', status: 'error', errorType: 'timeout',
      costNanos: 2_500_000_123, attributesJson: '{"gen_ai.tool.call.id":"call_1"}', startUs: t0, endUs: t0 + 1_234_567,
    });
    const bare = makeActivity({ startUs: t0 + 1 });
    await exporter.consume(batchOf([], [full, bare]));
    const rows = await query(`SELECT * EXCLUDE (commit_seq), commit_seq > 0 AS sequenced FROM tool_calls ORDER BY start_time`);
    expect(rows).toEqual([
      {
        trace_id: full.traceId, span_id: full.spanId, parent_span_id: 'a1b2c3d4e5f60718',
        start_time: new Date('2026-11-20T10:00:00.000Z'), end_time: new Date('2026-11-20T10:00:01.234Z'),
        tenant: 'default', run_id: 'run-1', agent: 'researcher', session_id: 's-2', task_type: 'research',
        event_type: 'tool_call', name: 'web_search', status: 'error', error_type: 'timeout', cost: 2.500000123,
        duration_ms: 1235n, attributes: '{"gen_ai.tool.call.id":"call_1"}', price_source: 'explicit', sequenced: true,
      },
      expect.objectContaining({ parent_span_id: null, session_id: null, task_type: null, error_type: null, cost: null, attributes: null, price_source: 'unpriced' }),
    ]);
  });

  it('stores an unpriced call with NULL costs, never $0', async () => {
    await exporter.consume(batchOf([makeCall({ priceSource: 'unpriced', cost: null, pricedModel: null })]));
    const [row] = await query('SELECT total_cost, input_cost, price_source, priced_model FROM llm_calls');
    expect(row).toEqual({ total_cost: null, input_cost: null, price_source: 'unpriced', priced_model: null });
    const [daily] = await query('SELECT calls, unpriced_calls, total_cost FROM daily_usage');
    expect(daily).toEqual({ calls: 1n, unpriced_calls: 1n, total_cost: 0 });
  });

  it('never stores or counts a span twice, within a batch, across batches and across a restart', async () => {
    const calls = Array.from({ length: 3000 }, (_, i) => makeCall({ startUs: Date.parse('2026-11-20T10:00:00Z') * 1000 + i * 1000 }));
    await exporter.consume(batchOf([...calls, calls[0]!]));
    await exporter.consume(batchOf(calls.slice(0, 1000)));
    await close();
    await open();
    await exporter.consume(batchOf(calls.slice(2000)));
    const [{ n, cost }] = (await query('SELECT count(*) AS n, sum(total_cost) AS cost FROM llm_calls')) as [{ n: bigint; cost: number }];
    expect(n).toBe(3000n);
    expect(cost).toBeCloseTo(3000 * 0.004375, 9);
    const [daily] = await query('SELECT sum(calls) AS calls, sum(total_cost) AS cost FROM daily_usage');
    expect(daily).toEqual({ calls: 3000n, cost: 13.125 });
    const [run] = await query(`SELECT calls, total_cost FROM runs WHERE run_id = 'run-1'`);
    expect(run).toEqual({ calls: 3000n, total_cost: 13.125 });
    expect(committed.flatMap((b) => b.calls)).toHaveLength(0);
  });

  it('tells commit listeners exactly the newly stored calls', async () => {
    const a = makeCall();
    const b = makeCall();
    await exporter.consume(batchOf([a]));
    await exporter.consume(batchOf([a, b]));
    expect(committed.flatMap((c) => c.calls.map((x) => x.spanId))).toEqual([a.spanId, b.spanId]);
  });

  it('maintains hourly, daily, run and per-agent roll-ups', async () => {
    const t0 = Date.parse('2026-11-20T10:15:00Z') * 1000;
    await exporter.consume(
      batchOf([
        makeCall({ startUs: t0, agent: 'planner', runId: 'r1' }),
        makeCall({ startUs: t0 + 3600e6, agent: 'writer', runId: 'r1', status: 'error', cost: null, priceSource: 'unpriced' }),
        makeCall({ startUs: t0 + 7200e6, agent: 'writer', runId: 'r1', isRetry: true, attempt: 2 }),
      ], [makeActivity({ runId: 'r1', costNanos: 1_000_000, startUs: t0 + 100 })]),
    );
    const hourly = await query(`SELECT strftime(hour, '%H') h, agent, calls, total_cost, retry_cost FROM hourly_usage ORDER BY hour, agent`);
    expect(hourly).toEqual([
      { h: '10', agent: 'planner', calls: 1n, total_cost: 0.004375, retry_cost: 0 },
      { h: '10', agent: 'researcher', calls: 1n, total_cost: 0.001, retry_cost: 0 },
      { h: '11', agent: 'writer', calls: 1n, total_cost: 0, retry_cost: 0 },
      { h: '12', agent: 'writer', calls: 1n, total_cost: 0.004375, retry_cost: 0.004375 },
    ]);
    const [run] = await query(`SELECT calls, error_calls, retry_calls, unpriced_calls, total_cost, retry_cost, tool_calls, tool_cost, last_status FROM runs`);
    expect(run).toEqual({ calls: 3n, error_calls: 1n, retry_calls: 1n, unpriced_calls: 1n, total_cost: 0.00975, retry_cost: 0.004375, tool_calls: 1n, tool_cost: 0.001, last_status: 'ok' });
    const agents = await query(`SELECT agent, calls, total_cost FROM run_agents ORDER BY agent`);
    expect(agents).toEqual([
      { agent: 'planner', calls: 1n, total_cost: 0.004375 },
      { agent: 'researcher', calls: 1n, total_cost: 0.001 },
      { agent: 'writer', calls: 2n, total_cost: 0.004375 },
    ]);
    // A later commit brings the writer's call that started first (a long call ends last).
    await exporter.consume(batchOf([makeCall({ startUs: t0 - 600e6, agent: 'writer', runId: 'r1' }), makeCall({ startUs: t0 + 9000e6, agent: 'planner', runId: 'r1' })]));
    expect(await query(`SELECT agent, epoch_us(start_time) AS start_us FROM run_agents ORDER BY agent`)).toEqual([
      { agent: 'planner', start_us: BigInt(t0) },
      { agent: 'researcher', start_us: BigInt(t0 + 100) },
      { agent: 'writer', start_us: BigInt(t0 - 600e6) },
    ]);
    await expectAgentStartsRight();
  });

  it('re-attributes stored calls when their agent becomes known, moving their cost in the roll-ups', async () => {
    // Start times with sub-millisecond parts at both ends of the fixed records' range.
    const t0 = Date.parse('2026-11-20T10:00:00Z') * 1000;
    const calls = [t0 + 999, t0 + 3600e6 + 1, t0 + 7200e6 + 999].map((startUs) => makeCall({ agent: 'agent-svc', runId: 'r2', startUs }));
    const bystander = makeCall({ agent: 'agent-svc', runId: 'r2', startUs: t0 + 3600e6 + 500 });
    await exporter.consume(batchOf([...calls, bystander]));
    const fix = newBatch({ protocol: 'http', tenant: 'default' }, []);
    fix.fixups = calls.map((c) => ({ tenant: 'default', traceId: c.traceId, spanId: c.spanId, agent: 'researcher', runId: null, sessionId: null, startUs: c.startUs }));
    await exporter.consume(fix);
    // Fix-ups are roll-up deltas like any other: merged at once when the writer is idle, within
    // a second under load. A task on the writer runs once they are.
    await exporter.exclusive(async () => undefined);
    expect(await query('SELECT agent, count(*) AS n FROM llm_calls GROUP BY agent ORDER BY agent')).toEqual([{ agent: 'agent-svc', n: 1n }, { agent: 'researcher', n: 3n }]);
    expect(await query('SELECT agent, sum(calls) AS calls, sum(total_cost) AS cost FROM daily_usage GROUP BY agent ORDER BY agent')).toEqual([
      { agent: 'agent-svc', calls: 1n, cost: 0.004375 },
      { agent: 'researcher', calls: 3n, cost: 0.013125 },
    ]);
    expect(await query('SELECT agent, calls FROM run_agents ORDER BY agent')).toEqual([{ agent: 'agent-svc', calls: 1n }, { agent: 'researcher', calls: 3n }]);
    // Commit listeners (budgets) are told the spend that moved: withdrawn from the old agent, added to the new.
    const moved = committed.at(-1)!.moved;
    const fact = (calls: 1 | -1, agent: string, c: CallRecord) => ({
      calls, agent, tenant: 'default', runId: 'r2', model: 'gpt-4o-2024-08-06', taskType: 'research', timeMs: Math.floor(c.startUs / 1000), costNanos: calls * 4_375_000,
    });
    expect(moved).toEqual([...calls.map((c) => fact(-1, 'agent-svc', c)), ...calls.map((c) => fact(1, 'researcher', c))]);
  });

  it('re-attributes a call stored in the same commit group, and priced activity too', async () => {
    const call = makeCall({ agent: 'agent-svc', runId: 'r3' });
    const tool = makeActivity({ agent: 'agent-svc', runId: 'r3', costNanos: 2_000_000, traceId: call.traceId });
    const fix = newBatch({ protocol: 'http', tenant: 'default' }, []);
    fix.fixups = [
      { tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: 'writer', runId: null, sessionId: null, startUs: call.startUs },
      { tenant: 'default', traceId: tool.traceId, spanId: tool.spanId, agent: 'writer', runId: null, sessionId: null, startUs: tool.startUs },
    ];
    await Promise.all([exporter.consume(batchOf([call], [tool])), exporter.consume(fix)]);
    expect(await query('SELECT agent FROM llm_calls UNION ALL SELECT agent FROM activity')).toEqual([{ agent: 'writer' }, { agent: 'writer' }]);
    expect(await query('SELECT agent, provider, calls, total_cost FROM daily_usage ORDER BY provider')).toEqual([
      { agent: 'writer', provider: 'openai', calls: 1n, total_cost: 0.004375 },
      { agent: 'writer', provider: 'tool', calls: 1n, total_cost: 0.002 },
    ]);
    expect(await query('SELECT agent, calls, total_cost FROM run_agents')).toEqual([{ agent: 'writer', calls: 2n, total_cost: 0.006375 }]);
    expect(await query('SELECT total_cost, tool_cost FROM runs')).toEqual([{ total_cost: 0.006375, tool_cost: 0.002 }]);
  });

  it('merges fix-ups later under load, and drops the roll-up rows they emptied then', async () => {
    const { con, commit } = await groupCommitAlone();
    const underLoad = { mergeNow: () => false, beginNext: () => false };
    const calls = [makeCall({ agent: 'agent-svc', runId: 'r4' }), makeCall({ agent: 'agent-svc', runId: 'r4' })];
    await commit.run({ calls, activities: [], fixups: [] });
    const fixups = calls.map((c) => ({ tenant: 'default', traceId: c.traceId, spanId: c.spanId, agent: 'critic', runId: null, sessionId: null, startUs: c.startUs }));
    await commit.run({ calls: [], activities: [], fixups }, underLoad);
    await commit.run({ calls: [makeCall({ agent: 'critic', runId: 'r5' })], activities: [], fixups: [] }, underLoad);
    // The next merge (here the idle writer's) folds the fix-ups in and drops the rows they emptied.
    await commit.mergeRollups();
    const rollups = async () => (await con.runAndReadAll(`
      SELECT 'daily', agent, sum(calls)::INTEGER FROM daily_usage GROUP BY ALL UNION ALL SELECT 'hourly', agent, sum(calls)::INTEGER FROM hourly_usage GROUP BY ALL
      UNION ALL SELECT 'run_agents', run_id || '/' || agent, calls::INTEGER FROM run_agents ORDER BY ALL`)).getRows();
    expect(await rollups()).toEqual([['daily', 'critic', 3], ['hourly', 'critic', 3], ['run_agents', 'r4/critic', 2], ['run_agents', 'r5/critic', 1]]);
    commit.close();
    con.closeSync();
  });

  it('moves stored calls and activity to the run a late root names, in every roll-up, and drops the emptied run', async () => {
    // Stored before the root arrived: under the trace id as run (its calls, a priced and an
    // unpriced tool call, the agent span), beside a run of another trace that stays.
    const t0 = Date.parse('2026-11-20T10:00:00Z') * 1000;
    const traceId = 'ab'.repeat(16);
    const calls = [makeCall({ traceId, runId: traceId, startUs: t0, status: 'error' }), makeCall({ traceId, runId: traceId, startUs: t0 + 60e6, isRetry: true })];
    const tools = [
      makeActivity({ traceId, runId: traceId, startUs: t0 + 10e6, costNanos: 2_000_000 }),
      makeActivity({ traceId, runId: traceId, startUs: t0 + 20e6 }),
      makeActivity({ traceId, runId: traceId, startUs: t0 - 5e6, eventType: 'agent_invocation', name: 'researcher' }),
    ];
    const other = makeCall({ runId: 'other-run', startUs: t0 + 30e6 });
    await exporter.consume(batchOf([...calls, other], tools));
    const fix = newBatch({ protocol: 'http', tenant: 'default' }, []);
    fix.fixups = [...calls, ...tools].map((r) => ({ tenant: 'default', traceId, spanId: r.spanId, agent: null, runId: 'nightly-42', sessionId: 'sess-1', startUs: r.startUs }));
    await exporter.consume(fix);
    await exporter.exclusive(async () => undefined);

    expect(await query(`SELECT run_id, session_id, count(*) AS n FROM llm_calls GROUP BY ALL ORDER BY run_id`)).toEqual([
      { run_id: 'nightly-42', session_id: 'sess-1', n: 2n },
      { run_id: 'other-run', session_id: null, n: 1n },
    ]);
    expect(await query(`SELECT DISTINCT run_id, session_id FROM activity`)).toEqual([{ run_id: 'nightly-42', session_id: 'sess-1' }]);
    // The run's row is what storing the records under it from the start would have made.
    expect(await query(`
      SELECT run_id, epoch_us(start_time) AS start_us, epoch_us(end_time) AS end_us, calls, error_calls, retry_calls, unpriced_calls,
        input_tokens, total_cost, retry_cost, failed_cost, tool_calls, tool_cost, last_status
      FROM runs ORDER BY run_id`)).toEqual([
      {
        run_id: 'nightly-42', start_us: BigInt(t0 - 5e6), end_us: BigInt(calls[1]!.endUs), calls: 2n, error_calls: 1n, retry_calls: 1n, unpriced_calls: 0n,
        input_tokens: 2000n, total_cost: 0.01075, retry_cost: 0.004375, failed_cost: 0.004375, tool_calls: 2n, tool_cost: 0.002, last_status: 'ok',
      },
      {
        run_id: 'other-run', start_us: BigInt(other.startUs), end_us: BigInt(other.endUs), calls: 1n, error_calls: 0n, retry_calls: 0n, unpriced_calls: 0n,
        input_tokens: 1000n, total_cost: 0.004375, retry_cost: 0, failed_cost: 0, tool_calls: 0n, tool_cost: 0, last_status: 'ok',
      },
    ]);
    expect(await query('SELECT run_id, agent, calls, total_cost FROM run_agents ORDER BY run_id')).toEqual([
      { run_id: 'nightly-42', agent: 'researcher', calls: 3n, total_cost: 0.01075 },
      { run_id: 'other-run', agent: 'researcher', calls: 1n, total_cost: 0.004375 },
    ]);
    expect(await query(AGENT_STARTS)).toEqual([
      { run_id: 'nightly-42', starts: true, hashed: true, run_hashed: true },
      { run_id: 'other-run', starts: true, hashed: true, run_hashed: true },
    ]);
    // Usage per agent did not change; budgets are told the spend that moved between runs.
    expect(await query('SELECT agent, sum(calls) AS calls, sum(total_cost) AS cost FROM daily_usage GROUP BY agent')).toEqual([{ agent: 'researcher', calls: 4n, cost: 0.015125 }]);
    const moved = committed.at(-1)!.moved!;
    expect(moved.map((m) => [m.calls, m.runId, m.costNanos])).toEqual([
      [-1, traceId, 4_375_000], [-1, traceId, 2_000_000], [-1, traceId, 4_375_000],
      [1, 'nightly-42', 4_375_000], [1, 'nightly-42', 2_000_000], [1, 'nightly-42', 4_375_000],
    ].map(([calls, run, cost]) => [calls, run, (calls as number) * (cost as number)]));
  });

  it('applies fix-ups that waited for the end of a busy drain, and tells the listeners what they moved', async () => {
    const traceId = '34'.repeat(16);
    const calls = [makeCall({ traceId, runId: traceId, agent: 'svc' }), makeCall({ traceId, runId: traceId, agent: 'svc' })];
    const fix = newBatch({ protocol: 'http', tenant: 'default' }, []);
    fix.fixups = calls.map((c) => ({ tenant: 'default', traceId, spanId: c.spanId, agent: 'planner', runId: 'run-5', sessionId: null, startUs: c.startUs }));
    // The fix-ups arrive while the calls' group commits: the drain's second group, which does not
    // merge (the first just did), so they wait for the merge that ends the drain.
    let fixed: Promise<void> | undefined;
    afterNextCommit = () => void (fixed = exporter.consume(fix));
    await exporter.consume(batchOf(calls));
    await fixed;
    expect(committed.map((b) => [b.calls.length, b.moved?.length ?? 0])).toEqual([[2, 0], [0, 0], [0, 4]]);
    expect(committed[2]!.moved!.map((m) => [m.calls, m.runId, m.agent])).toEqual([
      [-1, traceId, 'svc'], [-1, traceId, 'svc'], [1, 'run-5', 'planner'], [1, 'run-5', 'planner'],
    ]);
    expect(await query('SELECT run_id, agent, count(*) AS n FROM llm_calls GROUP BY ALL')).toEqual([{ run_id: 'run-5', agent: 'planner', n: 2n }]);
    expect(await query('SELECT run_id, agent, calls FROM run_agents')).toEqual([{ run_id: 'run-5', agent: 'planner', calls: 2n }]);
    expect(await query('SELECT count(*) AS n FROM pending_fixups')).toEqual([{ n: 0n }]);
  });

  it('keeps a run that records were moved out of while it still has some, and fixes a record twice in one group once', async () => {
    const { con, commit } = await groupCommitAlone();
    const underLoad = { mergeNow: () => false, beginNext: () => false };
    const traceId = 'cd'.repeat(16);
    const moving = makeCall({ traceId, runId: traceId, agent: 'agent-svc' });
    const staying = makeCall({ traceId, runId: traceId, agent: 'agent-svc', startUs: moving.startUs + 1e6 });
    await commit.run({ calls: [moving, staying], activities: [], fixups: [] }, underLoad);
    // The agent span and then the root arrived before this group was committed: two fix-ups.
    const fixup = { tenant: 'default', traceId, spanId: moving.spanId, sessionId: null, startUs: moving.startUs };
    await commit.run({ calls: [], activities: [], fixups: [{ ...fixup, agent: 'coder', runId: null }, { ...fixup, agent: null, runId: 'etl-7' }] }, underLoad);
    await commit.mergeRollups();
    const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
    expect(await rows('SELECT run_id, calls::INTEGER, total_cost::DOUBLE FROM runs ORDER BY run_id')).toEqual([[traceId, 1, 0.004375], ['etl-7', 1, 0.004375]]);
    expect(await rows('SELECT run_id, agent, calls::INTEGER FROM run_agents ORDER BY run_id')).toEqual([[traceId, 'agent-svc', 1], ['etl-7', 'coder', 1]]);
    expect(await rows('SELECT agent, sum(calls)::INTEGER FROM daily_usage GROUP BY agent ORDER BY agent')).toEqual([['agent-svc', 1], ['coder', 1]]);
    expect(await rows('SELECT run_id, agent FROM llm_calls ORDER BY run_id')).toEqual([[traceId, 'agent-svc'], ['etl-7', 'coder']]);
    commit.close();
    con.closeSync();
  });

  it('moves records into their run even when the run they leave has no row to take them from', async () => {
    const { con, commit } = await groupCommitAlone();
    const traceId = '12'.repeat(16);
    const call = makeCall({ traceId, runId: traceId });
    await commit.run({ calls: [call], activities: [], fixups: [] });
    // However the trace id's run went missing, a withdrawal from it must not fail the commit.
    await con.run(`DELETE FROM runs WHERE run_id = '${traceId}'`);
    await commit.run({ calls: [], activities: [], fixups: [{ tenant: 'default', traceId, spanId: call.spanId, agent: null, runId: 'kept-run', sessionId: null, startUs: call.startUs }] });
    expect((await con.runAndReadAll('SELECT run_id, calls::INTEGER FROM runs')).getRows()).toEqual([['kept-run', 1]]);
    // The withdrawal found no row where the quick merge looks; the full merge drops it.
    const pending = async () => (await con.runAndReadAll('SELECT (SELECT count(*) FROM rollup_pending_runs) + (SELECT count(*) FROM rollup_pending_run_agents)')).getRows();
    expect(await pending()).toEqual([[1n]]);
    expect(commit.leftoverRunsMayWait).toBe(true);
    await commit.mergeLeftoverRuns();
    expect(await pending()).toEqual([[0n]]);
    expect((await con.runAndReadAll('SELECT run_id, calls::INTEGER FROM runs')).getRows()).toEqual([['kept-run', 1]]);
    commit.close();
    con.closeSync();
  });

  it('keeps one row a run across restarts, from the run keys it saved at shutdown', async () => {
    const first = makeCall({ runId: 'nightly-7', agent: 'planner' });
    await exporter.consume(batchOf([first]));
    await close();
    // Saved at shutdown, with the merge seq from which the next start-up reads the rows' keys.
    const saved = async () => (await query('SELECT count(*) AS n, max(saved_seq) AS seq FROM run_key_filter'))[0]!;
    const watermark = async () => (await query('SELECT seq FROM rollup_watermark'))[0]!.seq;
    db = await Database.open({ path: path() });
    expect(await saved()).toEqual({ n: 2n, seq: await watermark() });
    db.close();
    await open();
    await exporter.consume(batchOf([makeCall({ runId: 'nightly-7', agent: 'planner' }), makeCall({ runId: 'nightly-7', agent: 'coder' })]));
    expect(await query('SELECT run_id, calls FROM runs')).toEqual([{ run_id: 'nightly-7', calls: 3n }]);
    expect(await query('SELECT agent, calls FROM run_agents ORDER BY agent')).toEqual([
      { agent: 'coder', calls: 1n },
      { agent: 'planner', calls: 2n },
    ]);
  });

  it('merges what its quick merge left pending before it acknowledges, when idle', async () => {
    const traceId = '34'.repeat(16);
    const call = makeCall({ traceId, runId: traceId });
    await exporter.consume(batchOf([call]));
    await exporter.exclusive(async (con) => void (await con.run(`DELETE FROM runs WHERE run_id = '${traceId}'`)));
    const fix = newBatch({ protocol: 'http', tenant: 'default' }, []);
    fix.fixups = [{ tenant: 'default', traceId, spanId: call.spanId, agent: null, runId: 'kept-run', sessionId: null, startUs: call.startUs }];
    await exporter.consume(fix);
    expect(await query('SELECT (SELECT count(*) FROM rollup_pending_runs) + (SELECT count(*) FROM rollup_pending_run_agents) AS pending')).toEqual([{ pending: 0n }]);
    expect(await query('SELECT run_id, calls FROM runs')).toEqual([{ run_id: 'kept-run', calls: 1n }]);
  });

  it('drops the run a late root emptied when the full merge applies the withdrawal the quick one could not', async () => {
    // A window of five rows: ten new runs later, the trace's run is behind it.
    const { con, commit } = await groupCommitAlone({ runWindowRows: 5 });
    const traceId = '56'.repeat(16);
    const call = makeCall({ traceId, runId: traceId, agent: 'planner' });
    await commit.run({ calls: [call], activities: [], fixups: [] });
    await commit.run({ calls: Array.from({ length: 10 }, (_, i) => makeCall({ runId: `later-${i}` })), activities: [], fixups: [] });
    await commit.run({ calls: [], activities: [], fixups: [{ tenant: 'default', traceId, spanId: call.spanId, agent: null, runId: 'nightly-8', sessionId: null, startUs: call.startUs }] });
    const runsOf = async () => (await con.runAndReadAll(`SELECT run_id, calls::INTEGER FROM runs WHERE run_id NOT LIKE 'later-%' ORDER BY run_id`)).getRows();
    const agentsOf = async () => (await con.runAndReadAll(`SELECT run_id, calls::INTEGER FROM run_agents WHERE run_id NOT LIKE 'later-%' ORDER BY run_id`)).getRows();
    // The new run is in; the withdrawal from the old one waits.
    expect(await runsOf()).toEqual([[traceId, 1], ['nightly-8', 1]]);
    expect(commit.leftoverRunsMayWait).toBe(true);
    await commit.mergeLeftoverRuns();
    expect(await runsOf()).toEqual([['nightly-8', 1]]);
    expect(await agentsOf()).toEqual([['nightly-8', 1]]);
    commit.close();
    con.closeSync();
  });

  it('drops the run a late root emptied at start-up when the process died before the merge', async () => {
    const { con, commit } = await groupCommitAlone();
    const underLoad = { mergeNow: () => false, beginNext: () => false };
    const traceId = 'ef'.repeat(16);
    const calls = [makeCall({ traceId, runId: traceId }), makeCall({ traceId, runId: traceId })];
    await commit.run({ calls, activities: [], fixups: [] }, { mergeNow: () => true, beginNext: () => false });
    const fixups = calls.map((c) => ({ tenant: 'default', traceId, spanId: c.spanId, agent: null, runId: 'report-9', sessionId: null, startUs: c.startUs }));
    await commit.run({ calls: [], activities: [], fixups }, underLoad);
    // "Crash": no merge, no shutdown.
    commit.close();
    con.closeSync();
    db.close();
    await open();
    expect(await query('SELECT run_id, calls FROM runs')).toEqual([{ run_id: 'report-9', calls: 2n }]);
  });

  it('adds the roll-up deltas of commits not yet merged at start-up after a crash', async () => {
    const { con, commit } = await groupCommitAlone();
    const t0 = Date.parse('2026-11-20T10:15:00Z') * 1000;
    const calls = Array.from({ length: 40 }, (_, i) => makeCall({ startUs: t0 + i * 600e6, runId: `r${i % 3}`, agent: i % 2 ? 'writer' : 'planner', status: i === 39 ? 'error' : 'ok' }));
    // Three commits under "load": their deltas are not merged yet, as when the process dies between merges.
    await commit.run({ calls: calls.slice(0, 15), activities: [makeActivity({ runId: 'r0', costNanos: 7_000, startUs: t0 })], fixups: [] }, { mergeNow: () => false, beginNext: () => false });
    await commit.run({ calls: calls.slice(15, 30), activities: [], fixups: [] }, { mergeNow: () => false, beginNext: () => false });
    await commit.run({ calls: [...calls.slice(30), calls[0]!], activities: [], fixups: [] }, { mergeNow: () => false, beginNext: () => false });
    expect(commit.pendingRollups).toBe(true);
    const [pending] = await query('SELECT (SELECT count(*) FROM llm_calls_raw WHERE commit_seq > (SELECT seq FROM rollup_watermark)) AS unmerged, (SELECT count(*) FROM daily_usage) AS daily');
    expect(pending).toEqual({ unmerged: 40n, daily: 0n });
    // "Crash": no merge, no shutdown.
    commit.close();
    con.closeSync();
    db.close();
    await open();
    const [check] = await query(`
      SELECT (SELECT count(*) FROM llm_calls) AS calls,
             (SELECT sum(calls) FROM hourly_usage) AS hourly, (SELECT sum(calls) FROM daily_usage) AS daily,
             (SELECT sum(calls) FROM runs) AS runs, (SELECT sum(calls) FROM run_agents) AS run_agents,
             (SELECT sum(total_cost) FROM llm_calls) + 0.000007 AS cost, (SELECT sum(total_cost) FROM daily_usage) AS daily_cost,
             (SELECT sum(total_cost) FROM runs) AS runs_cost,
             (SELECT count(*) FROM rollup_pending_hourly) + (SELECT count(*) FROM rollup_pending_runs) + (SELECT count(*) FROM rollup_pending_run_agents) AS pending`);
    expect(check).toEqual({ calls: 40n, hourly: 41n, daily: 41n, runs: 40n, run_agents: 41n, cost: check!.daily_cost, daily_cost: check!.runs_cost, runs_cost: check!.runs_cost, pending: 0n });
    const byRun = await query(`SELECT r.run_id, r.calls, r.last_status, r.start_time = c.s AS starts, r.end_time = c.e AS ends
      FROM runs r JOIN (SELECT run_id, count(*) n, min(start_time) s, max(end_time) e FROM llm_calls GROUP BY run_id) c USING (run_id) ORDER BY run_id`);
    expect(byRun).toEqual([
      { run_id: 'r0', calls: 14n, last_status: 'error', starts: true, ends: true },
      { run_id: 'r1', calls: 13n, last_status: 'ok', starts: true, ends: true },
      { run_id: 'r2', calls: 13n, last_status: 'ok', starts: true, ends: true },
    ]);
    await expectAgentStartsRight();
  });

  it('acknowledges the last group of a busy spell only once the roll-ups include it', async () => {
    // A large group, and a second batch that arrives while it commits: the second group of the
    // drain does not merge in its own commit (one merged just before).
    const first = exporter.consume(batchOf(Array.from({ length: 15_000 }, () => makeCall())));
    await new Promise((r) => setTimeout(r, 10));
    await exporter.consume(batchOf([makeCall(), makeCall()]));
    const [rolled] = await query('SELECT (SELECT sum(calls) FROM daily_usage) AS daily, (SELECT count(*) FROM llm_calls_raw) AS stored');
    expect(rolled).toEqual({ daily: 15_002n, stored: 15_002n });
    await first;
  });

  it('lets an exclusive task (re-pricing) see roll-ups that include every committed call', async () => {
    const commits = [0, 1, 2, 3].map(() => exporter.consume(batchOf(Array.from({ length: 300 }, () => makeCall()))));
    await new Promise((r) => setImmediate(r));
    const seen = await exporter.exclusive(async (con) =>
      (await con.runAndReadAll('SELECT (SELECT coalesce(sum(calls), 0) FROM daily_usage) = (SELECT count(*) FROM llm_calls_raw), (SELECT count(*) FROM rollup_pending_hourly)')).getRows()[0],
    );
    await Promise.all(commits);
    expect(seen).toEqual([true, 0n]);
  });

  it('stores nothing of a group DuckDB refuses, and goes on storing the next ones', async () => {
    // 3,000 calls span two data chunks; the bad row is in the second, after the first was appended.
    const calls = Array.from({ length: 3_000 }, () => makeCall());
    calls[2_500] = { ...calls[2_500]!, agent: null as unknown as string };
    await expect(exporter.consume(batchOf(calls))).rejects.toMatchObject({ name: 'RetryableError', message: expect.stringContaining('storing spans failed') });
    await exporter.consume(batchOf(Array.from({ length: 10 }, () => makeCall())));
    expect(await query('SELECT count(*) n FROM llm_calls_raw')).toEqual([{ n: 10n }]);
    expect(await query('SELECT sum(calls) n FROM daily_usage')).toEqual([{ n: 10n }]);
    // The refused calls are stored when they come again (the sender retries after the error).
    calls[2_500] = makeCall();
    await exporter.consume(batchOf(calls));
    expect(await query('SELECT count(*) n FROM llm_calls')).toEqual([{ n: 3_010n }]);
    expect(await query('SELECT sum(calls) n, sum(total_cost)::VARCHAR c FROM daily_usage')).toEqual([{ n: 3_010n, c: '13.168750000' }]);
  });

  it('refuses work with a retryable error when the queue is full', async () => {
    await close();
    db = await Database.open({ path: path() });
    exporter = createDuckdbExporter({ ...exporterConfig, queue_max_spans: 512, commit_interval_ms: 50 }, db);
    await exporter.start();
    const first = exporter.consume(batchOf(Array.from({ length: 500 }, () => makeCall())));
    await expect(exporter.consume(batchOf(Array.from({ length: 20 }, () => makeCall())))).rejects.toMatchObject({ name: 'RetryableError' });
    await first;
  });

  it('commits everything accepted before shutdown completes', async () => {
    const pending = exporter.consume(batchOf(Array.from({ length: 100 }, () => makeCall())));
    await exporter.shutdown();
    await pending;
    db.close();
    db = await Database.open({ path: path() });
    exporter = createDuckdbExporter(exporterConfig, db);
    await exporter.start();
    expect(await query('SELECT count(*) n FROM llm_calls_raw')).toEqual([{ n: 100n }]);
  });
});
