import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';
import { TupleIndex, type KeyPart } from '../../util/tuple-index.js';

const HOUR_US = 3_600_000_000;

/** What hourly_usage (and daily_usage) sum after their key columns (queries/migrations/001_core.sql). */
interface UsageSums {
  calls: number;
  errorCalls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  inputCost: number;
  outputCost: number;
  cacheReadCost: number;
  cacheWriteCost: number;
  totalCost: number;
  retryCost: number;
}

export interface HourlyRow extends UsageSums {
  tenant: string;
  hourUs: number;
  agent: string;
  provider: string;
  model: string;
  category: string;
  taskType: string;
}

export interface RunRow {
  tenant: string;
  runId: string;
  startUs: number;
  endUs: number;
  calls: number;
  errorCalls: number;
  retryCalls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  totalCost: number;
  retryCost: number;
  failedCost: number;
  toolCalls: number;
  toolCost: number;
  lastStatus: string;
}

export interface RunAgentRow {
  tenant: string;
  runId: string;
  agent: string;
  calls: number;
  totalCost: number;
  retryCost: number;
  /** The agent's first start in the run (run_agents.start_time, migration 015). */
  startUs: number;
}

/**
 * A commit group's contribution to the roll-ups, summed in JS from the records being stored
 * (they already carry readable names), so the transaction only merges a few pre-aggregated rows
 * instead of joining every staged row with the dictionary.
 */
export class RollupDelta {
  private readonly hourly = new TupleIndex<HourlyRow>();
  private readonly runs = new TupleIndex<RunRow>();
  private readonly runAgents = new TupleIndex<RunAgentRow>();
  /** Reused for every lookup. */
  private readonly hourKey: KeyPart[] = ['', 0, '', '', '', '', ''];
  private readonly runKey: KeyPart[] = ['', ''];
  private readonly runAgentKey: KeyPart[] = ['', '', ''];

  addCall(c: CallRecord): void {
    const cost = c.cost;
    const total = cost?.totalCost ?? 0;
    const isError = c.status === 'error';
    const hourUs = Math.floor(c.startUs / HOUR_US) * HOUR_US;
    const model = c.responseModel !== '' ? c.responseModel : c.requestModel;
    const h = this.hourRow(c.tenant, hourUs, c.agent, c.provider, model, c.category, c.taskType ?? '');
    h.calls++;
    if (isError) h.errorCalls++;
    if (cost === null) h.unpricedCalls++;
    h.inputTokens += c.inputTokens;
    h.outputTokens += c.outputTokens;
    h.cacheReadTokens += c.cacheReadTokens;
    h.cacheWriteTokens += c.cacheWriteTokens;
    h.reasoningTokens += c.reasoningTokens;
    if (cost) {
      h.inputCost += cost.inputCost;
      h.outputCost += cost.outputCost;
      h.cacheReadCost += cost.cacheReadCost;
      h.cacheWriteCost += cost.cacheWriteCost;
      h.totalCost += total;
      if (c.isRetry) h.retryCost += total;
    }
    const r = this.runRow(c.tenant, c.runId, c.startUs, c.endUs, c.status);
    r.calls++;
    if (isError) {
      r.errorCalls++;
      r.failedCost += total;
    }
    if (c.isRetry) {
      r.retryCalls++;
      r.retryCost += total;
    }
    if (cost === null) r.unpricedCalls++;
    r.inputTokens += c.inputTokens;
    r.outputTokens += c.outputTokens;
    r.cacheReadTokens += c.cacheReadTokens;
    r.totalCost += total;
    const a = this.runAgentRow(c.tenant, c.runId, c.agent, c.startUs);
    a.calls++;
    a.totalCost += total;
    if (c.isRetry) a.retryCost += total;
  }

  /** Priced activity counts as spend (provider 'tool', model = its name); every tool call counts in its run. */
  addActivity(a: ActivityRecord): void {
    const r = this.runRow(a.tenant, a.runId, a.startUs, a.endUs, a.status);
    if (a.eventType === 'tool_call') r.toolCalls++;
    if (a.costNanos === null) return;
    r.toolCost += a.costNanos;
    r.totalCost += a.costNanos;
    const h = this.hourRow(a.tenant, Math.floor(a.startUs / HOUR_US) * HOUR_US, a.agent, 'tool', a.name, categoryOf(a), a.taskType ?? '');
    h.calls++;
    if (a.status === 'error') h.errorCalls++;
    h.totalCost += a.costNanos;
    const ra = this.runAgentRow(a.tenant, a.runId, a.agent, a.startUs);
    ra.calls++;
    ra.totalCost += a.costNanos;
  }

  get empty(): boolean {
    return this.runs.size === 0 && this.hourly.size === 0;
  }

  /** The summed rows, one a key, for rollup_pending_hourly, _runs and _run_agents (rollup-rows.ts). */
  get hourlyRows(): readonly HourlyRow[] {
    return this.hourly.rows;
  }

  get runRows(): readonly RunRow[] {
    return this.runs.rows;
  }

  get runAgentRows(): readonly RunAgentRow[] {
    return this.runAgents.rows;
  }

  private hourRow(tenant: string, hourUs: number, agent: string, provider: string, model: string, category: string, taskType: string): HourlyRow {
    const key = this.hourKey;
    key[0] = tenant;
    key[1] = hourUs;
    key[2] = agent;
    key[3] = provider;
    key[4] = model;
    key[5] = category;
    key[6] = taskType;
    let row = this.hourly.find(key);
    if (!row) {
      row = { tenant, hourUs, agent, provider, model, category, taskType, ...zeroSums() };
      this.hourly.add(key, row);
    }
    return row;
  }

  private runRow(tenant: string, runId: string, startUs: number, endUs: number, status: string): RunRow {
    const key = this.runKey;
    key[0] = tenant;
    key[1] = runId;
    let row = this.runs.find(key);
    if (!row) {
      row = { tenant, runId, startUs, endUs, calls: 0, errorCalls: 0, retryCalls: 0, unpricedCalls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, totalCost: 0, retryCost: 0, failedCost: 0, toolCalls: 0, toolCost: 0, lastStatus: status };
      this.runs.add(key, row);
      return row;
    }
    if (startUs < row.startUs) row.startUs = startUs;
    if (endUs >= row.endUs) {
      row.endUs = endUs;
      row.lastStatus = status;
    }
    return row;
  }

  private runAgentRow(tenant: string, runId: string, agent: string, startUs: number): RunAgentRow {
    const key = this.runAgentKey;
    key[0] = tenant;
    key[1] = runId;
    key[2] = agent;
    let row = this.runAgents.find(key);
    if (!row) {
      row = { tenant, runId, agent, calls: 0, totalCost: 0, retryCost: 0, startUs };
      this.runAgents.add(key, row);
    } else if (startUs < row.startUs) {
      row.startUs = startUs;
    }
    return row;
  }
}

function zeroSums(): UsageSums {
  return { calls: 0, errorCalls: 0, unpricedCalls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, inputCost: 0, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, totalCost: 0, retryCost: 0 };
}

/** recordCost spans say their category (scraping, image…); plain tools are 'tool'. */
function categoryOf(a: ActivityRecord): string {
  if (a.eventType !== 'cost' || a.attributesJson === '') return 'tool';
  const match = /"tokentally\.category":"([^"]+)"/.exec(a.attributesJson);
  return match?.[1] ?? 'tool';
}
