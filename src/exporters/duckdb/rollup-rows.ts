import { TIMESTAMPTZ, type DuckDBAppender } from '@duckdb/node-api';
import { ChunkWriter, bigintColumn, int64Column, moneyColumn, varcharColumn } from './chunk-writer.js';
import type { HourlyRow, RunAgentRow, RunRow } from './rollup-delta.js';

/**
 * Appends a commit's summed roll-up rows (RollupDelta) to rollup_pending_hourly, _runs and
 * _run_agents through data chunks (see ChunkWriter), in the tables' column order
 * (queries/migrations/001_core.sql, 004_rollup_pending.sql, 015_run_lookups.sql); a test compares
 * them. Agent traffic has a run a trace, so a commit carries hundreds of run rows: row by row,
 * with a value object a field, they cost more than the calls' own columns.
 */
export class RollupRowWriters {
  /** The commit_seq of the rows being written (the last column of rollup_pending_runs). */
  private readonly group = { seq: 0 };

  readonly hourly = new ChunkWriter<HourlyRow>([
    varcharColumn('tenant', (h) => h.tenant),
    int64Column('hour', TIMESTAMPTZ, (h) => h.hourUs),
    varcharColumn('agent', (h) => h.agent),
    varcharColumn('provider', (h) => h.provider),
    varcharColumn('model', (h) => h.model),
    varcharColumn('category', (h) => h.category),
    varcharColumn('task_type', (h) => h.taskType),
    bigintColumn('calls', (h) => h.calls),
    bigintColumn('error_calls', (h) => h.errorCalls),
    bigintColumn('unpriced_calls', (h) => h.unpricedCalls),
    bigintColumn('input_tokens', (h) => h.inputTokens),
    bigintColumn('output_tokens', (h) => h.outputTokens),
    bigintColumn('cache_read_tokens', (h) => h.cacheReadTokens),
    bigintColumn('cache_write_tokens', (h) => h.cacheWriteTokens),
    bigintColumn('reasoning_tokens', (h) => h.reasoningTokens),
    moneyColumn('input_cost', (h) => h.inputCost),
    moneyColumn('output_cost', (h) => h.outputCost),
    moneyColumn('cache_read_cost', (h) => h.cacheReadCost),
    moneyColumn('cache_write_cost', (h) => h.cacheWriteCost),
    moneyColumn('total_cost', (h) => h.totalCost),
    moneyColumn('retry_cost', (h) => h.retryCost),
  ]);

  readonly runs = new ChunkWriter<RunRow>([
    varcharColumn('tenant', (r) => r.tenant),
    varcharColumn('run_id', (r) => r.runId),
    int64Column('start_time', TIMESTAMPTZ, (r) => r.startUs),
    int64Column('end_time', TIMESTAMPTZ, (r) => r.endUs),
    bigintColumn('calls', (r) => r.calls),
    bigintColumn('error_calls', (r) => r.errorCalls),
    bigintColumn('retry_calls', (r) => r.retryCalls),
    bigintColumn('unpriced_calls', (r) => r.unpricedCalls),
    bigintColumn('input_tokens', (r) => r.inputTokens),
    bigintColumn('output_tokens', (r) => r.outputTokens),
    bigintColumn('cache_read_tokens', (r) => r.cacheReadTokens),
    moneyColumn('total_cost', (r) => r.totalCost),
    moneyColumn('retry_cost', (r) => r.retryCost),
    moneyColumn('failed_cost', (r) => r.failedCost),
    bigintColumn('tool_calls', (r) => r.toolCalls),
    moneyColumn('tool_cost', (r) => r.toolCost),
    varcharColumn('last_status', (r) => r.lastStatus),
    bigintColumn('seq', () => this.group.seq),
  ]);

  readonly runAgents = new ChunkWriter<RunAgentRow>([
    varcharColumn('tenant', (a) => a.tenant),
    varcharColumn('run_id', (a) => a.runId),
    varcharColumn('agent', (a) => a.agent),
    bigintColumn('calls', (a) => a.calls),
    moneyColumn('total_cost', (a) => a.totalCost),
    moneyColumn('retry_cost', (a) => a.retryCost),
    int64Column('start_time', TIMESTAMPTZ, (a) => a.startUs),
  ]);

  /** A merge's new run keys (temp table new_runs). */
  readonly runKeys = new ChunkWriter<Pick<RunRow, 'tenant' | 'runId'>>([varcharColumn('tenant', (r) => r.tenant), varcharColumn('run_id', (r) => r.runId)]);

  /** A merge's new run-agent keys (temp table new_run_agents). */
  readonly runAgentKeys = new ChunkWriter<Pick<RunAgentRow, 'tenant' | 'runId' | 'agent'>>([
    varcharColumn('tenant', (a) => a.tenant),
    varcharColumn('run_id', (a) => a.runId),
    varcharColumn('agent', (a) => a.agent),
  ]);

  /** `seq`: the commit's sequence number (orders run deltas: a run's last_status on equal end times). */
  appendRuns(appender: DuckDBAppender, rows: readonly RunRow[], seq: number): void {
    this.group.seq = seq;
    this.runs.append(appender, rows);
  }
}
