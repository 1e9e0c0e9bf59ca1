import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk, DuckDBMaterializedResult } from '@duckdb/node-api';
import { namedQuery } from '../storage/reader.js';
import type { ChunkWriter } from '../exporters/duckdb/chunk-writer.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { nanosToUsd } from '../util/money.js';
import { computeCost, NO_QUANTITIES } from './cost-calculator.js';
import type { PriceEntry } from './price-entry.js';
import { quantitiesOf } from './quantities.js';
import { COST_COLUMNS, newCostsWriter, newDeltasWriter, ROLLED_UP_COSTS, type ChangedCall } from './reprice-rows.js';
import { TOOL_PROVIDER } from './overrides.js';
import type { PricingService } from './service.js';
import { tokenUsage } from './token-usage.js';

/**
 * Ids of dict values. The exporter owns the dictionary and its in-memory cache; the re-pricer
 * borrows it (the exporter's `exclusive`) so new names (a priced model seen for the first time)
 * get ids the exporter's cache knows, persisted inside the re-pricing transaction.
 */
export interface DictionaryIds {
  id(value: string): number;
  persist(con: DuckDBConnection): Promise<void>;
  committed(): void;
  rolledBack(): void;
}

/**
 * Exclusive write access to the database: when the server runs, the exporter's writer connection
 * between two group commits (DuckdbExporter.exclusive), so re-pricing never conflicts with
 * ingest on the roll-up rows; offline, a connection of the CLI's own.
 */
export type WriteAccess = <T>(task: (con: DuckDBConnection, dict: DictionaryIds) => Promise<T>) => Promise<T>;

export interface RepriceRequest {
  /** Calls (and tool calls) that started in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /**
   * Only calls whose provider is this (as stored, or its catalog provider id), case-insensitive.
   * Tool calls have the provider 'tool' (as tool price overrides name it).
   */
  provider?: string;
  /** Only calls whose response model, request model or catalog model id is this; tool calls whose tool name is this. */
  model?: string;
}

/**
 * Re-pricing found the stored data other than it must be to write the new costs, and stopped
 * with nothing changed; the message says what (and whether running it again helps).
 */
export class RepriceStoppedError extends Error {
  constructor(why: string) {
    super(`re-pricing stopped, nothing changed: ${why}`);
  }
}

export type RepricePhase = 'scan' | 'price' | 'stage' | 'write';

export interface RepriceProgress {
  phase: RepricePhase;
  done: number;
  total: number;
}

export interface RepriceResult {
  callsScanned: number;
  callsChanged: number;
  costBeforeNanos: number;
  costAfterNanos: number;
  unpricedBefore: number;
  unpricedAfter: number;
  /** Tool calls (activity rows) of the range and filter without an explicit cost, and those whose cost changed. */
  activitiesScanned: number;
  activitiesChanged: number;
  /** Their cost before and after, nano-dollars (unpriced ones count 0). */
  activityCostBeforeNanos: number;
  activityCostAfterNanos: number;
}

/** A RepriceResult as the API answers it (and the offline CLI prints it). */
export interface RepriceSummary {
  calls_scanned: number;
  calls_changed: number;
  cost_before_usd: number;
  cost_after_usd: number;
  delta_usd: number;
  unpriced_before: number;
  unpriced_after: number;
  activities_scanned: number;
  activities_changed: number;
  activity_cost_before_usd: number;
  activity_cost_after_usd: number;
  activity_delta_usd: number;
}

export function repriceSummary(result: RepriceResult): RepriceSummary {
  return {
    calls_scanned: result.callsScanned,
    calls_changed: result.callsChanged,
    cost_before_usd: nanosToUsd(result.costBeforeNanos),
    cost_after_usd: nanosToUsd(result.costAfterNanos),
    delta_usd: nanosToUsd(result.costAfterNanos - result.costBeforeNanos),
    unpriced_before: result.unpricedBefore,
    unpriced_after: result.unpricedAfter,
    activities_scanned: result.activitiesScanned,
    activities_changed: result.activitiesChanged,
    activity_cost_before_usd: nanosToUsd(result.activityCostBeforeNanos),
    activity_cost_after_usd: nanosToUsd(result.activityCostAfterNanos),
    activity_delta_usd: nanosToUsd(result.activityCostAfterNanos - result.activityCostBeforeNanos),
  };
}

/**
 * Row ids a batch covers: half a DuckDB row group (122,880 rows), so each batch reads one or two
 * row groups' columns and holds ~15 MB of results at most.
 */
const WINDOW_ROWS = 61_440;

/** Column positions in queries/pricing_reprice_batch.sql. */
const COL = {
  rid: 0, g: 1, startUs: 2, endUs: 3,
  inputTokens: 4, outputTokens: 5, cacheReadTokens: 6, cacheWriteTokens: 7, cacheWrite1hTokens: 8,
  reasoningTokens: 9, inputAudioTokens: 10, outputAudioTokens: 11, inputImageTokens: 12, outputImageTokens: 13,
  attributes: 14, firstCost: 15, pricedModelK: 22, priceSourceK: 23,
  tenantK: 24, agentK: 25, categoryK: 26, taskTypeK: 27, statusK: 28, isRetry: 29, runId: 30, spanHigh: 31, spanLow: 32,
} as const;
const COST_COUNT = COST_COLUMNS.length;

/** A statement of the re-pricing transaction. */
interface PlannedWrite {
  query: string;
  /** The table it writes, for the error message. */
  table: string;
  /**
   * Rows it must change; null: not checked (the MERGEs of tool calls, which may add rows, are
   * checked beforehand by pricing_reprice_activity_missing).
   */
  expected: number | null;
  params?: string[];
  /** Run once per window of these row ids (the window's first and end row id follow `params`). */
  windows?: RowSpan;
}

/** Row ids from `first` (inclusive) to `end` (exclusive). */
interface RowSpan {
  first: number;
  end: number;
}

interface SelectedGroups {
  groups: PriceEntry[];
  /** Calls of the selected groups in the range. */
  calls: number;
  /** The row ids those calls lie between. */
  rows: RowSpan;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function lower(value: string | undefined): string | undefined {
  return value?.trim().toLowerCase();
}

/**
 * Recomputes stored costs in place, after an override or the catalog changed: every call of a
 * time range (optionally one provider / model) is priced again by the same PricingService and
 * cost calculator as at ingest, the changed calls are rewritten, and their cost deltas are added
 * to hourly_usage, daily_usage, runs and run_agents, all in one transaction (what it reads and
 * prepares before, it reads under the same exclusive write access).
 *
 * Its memory does not grow with the range: the calls are read in windows of row ids straight
 * from llm_calls_raw, only the changed calls' new costs and deltas are kept (in temp tables,
 * which DuckDB spills), and the changed calls are appended anew and their old rows deleted
 * rather than updated (queries/pricing_reprice_stage.sql says why).
 *
 * Roll-ups are corrected by deltas rather than rebuilt from llm_calls_raw: their other columns
 * (tool costs in runs, last status) come from more than the calls, and they must stay right
 * even where raw calls were pruned. Calls with an explicit cost are never touched.
 *
 * Tool calls (activity rows) are re-priced in the same transaction, by the "tool" overrides
 * (PricingService.toolCost, as at ingest), and their deltas counted into the roll-ups the way
 * the exporter counts priced activity; tool calls with an explicit cost are never touched either.
 */
export class Repricer {
  /** @param windowRows row ids a batch covers (tests take small windows to cross many). */
  constructor(
    private readonly pricing: PricingService,
    private readonly write: WriteAccess,
    private readonly windowRows = WINDOW_ROWS,
  ) {}

  reprice(request: RepriceRequest, onProgress: (p: RepriceProgress) => void = () => {}): Promise<RepriceResult> {
    const range = [new Date(request.fromMs).toISOString(), new Date(request.toMs).toISOString()];
    return this.write(async (con, dict) => {
      await con.run(namedQuery('pricing_reprice_setup'));
      let began = false;
      try {
        // Priced before the transaction begins: the write access is exclusive, so no write changes
        // the calls in between (a checkpoint may renumber them: the writes check every row, see
        // pricing_reprice_stage), and the temp tables the pricing fills are then committed data,
        // which DuckDB spills as it needs room (filled inside the transaction, a month's 3.3M
        // changed calls left too little of a 128MB pool unpinned to sum their deltas).
        const { result, rows } = await this.price(con, dict, request, range, onProgress);
        const writes = await this.planWrites(con, range, rows, result);
        await this.stage(con, range, rows, result.callsChanged, onProgress);
        await con.run('BEGIN TRANSACTION');
        began = true;
        await dict.persist(con);
        await this.applyWrites(con, writes, onProgress);
        await con.run('COMMIT');
        dict.committed();
        return result;
      } catch (error) {
        if (began) await con.run('ROLLBACK').catch(() => undefined);
        dict.rolledBack();
        throw error;
      } finally {
        await con.run(namedQuery('pricing_reprice_teardown')).catch(() => undefined);
      }
    });
  }

  /**
   * Prices the range's calls and tool calls again; fills reprice_new, reprice_call_deltas and
   * reprice_activity_new. `rows`: the row ids the calls lie between.
   */
  private async price(con: DuckDBConnection, dict: DictionaryIds, request: RepriceRequest, range: string[], onProgress: (p: RepriceProgress) => void): Promise<{ result: RepriceResult; rows: RowSpan }> {
    const { groups, calls, rows } = await this.selectGroups(con, request, range);
    onProgress({ phase: 'scan', done: groups.length, total: groups.length });
    const result: RepriceResult = {
      callsScanned: 0, callsChanged: 0, costBeforeNanos: 0, costAfterNanos: 0, unpricedBefore: 0, unpricedAfter: 0,
      activitiesScanned: 0, activitiesChanged: 0, activityCostBeforeNanos: 0, activityCostAfterNanos: 0,
    };
    const writers: Array<[DuckDBAppender, ChunkWriter<ChangedCall>]> = [
      [await con.createAppender('reprice_new', 'main', 'temp'), newCostsWriter()],
      [await con.createAppender('reprice_call_deltas', 'main', 'temp'), newDeltasWriter()],
    ];
    await this.readWindows(con, 'pricing_reprice_batch', range, rows, (batch) => {
      const changed: ChangedCall[] = [];
      for (let c = 0; c < batch.chunkCount; c++) this.priceChunk(batch.getChunk(c), groups, dict, changed, result);
      for (const [appender, writer] of writers) writer.append(appender, changed);
      onProgress({ phase: 'price', done: result.callsScanned, total: calls });
    });
    for (const [appender] of writers) {
      appender.flushSync();
      appender.closeSync();
    }
    await this.priceActivities(con, request, range, result);
    return { result, rows };
  }

  /** Copies the changed calls, as they will be stored again, into reprice_staging (see queries/pricing_reprice_stage.sql). */
  private async stage(con: DuckDBConnection, range: string[], rows: RowSpan, changed: number, onProgress: (p: RepriceProgress) => void): Promise<void> {
    const staged = await this.writeWindows(con, 'pricing_reprice_stage', range, rows, (done) => onProgress({ phase: 'stage', done, total: changed }));
    if (staged !== changed) {
      throw new RepriceStoppedError(
        `${changed - staged} of the ${changed} re-priced calls were no longer at the row they were read from (a checkpoint reclaiming deleted rows renumbers the rest); run it again`,
      );
    }
  }

  /** The windows of `windowRows` row ids that cover `span`, as [first, end) pairs. */
  private *windows(span: RowSpan): Generator<[number, number]> {
    for (let first = span.first; first < span.end; first += this.windowRows) yield [first, Math.min(span.end, first + this.windowRows)];
  }

  /**
   * Reads `query` (parameters: `params`, then a window's first and end row id) window by window
   * and hands each result over. Windows of row ids, not of rows: the range's rows are read where
   * they lie, none copied, one window's result held at a time.
   */
  private async readWindows(con: DuckDBConnection, query: string, params: string[], span: RowSpan, handle: (result: DuckDBMaterializedResult) => void | Promise<void>): Promise<void> {
    for (const window of this.windows(span)) {
      // Not kept in a variable: nothing may hold the result when the garbage is collected.
      await handle(await con.run(namedQuery(query), [...params, ...window]));
      // Frees the window's result (up to ~15 MB of the pool) before the next is read.
      await collectGarbage();
    }
  }

  /** Runs the write `query` window by window (parameters as readWindows'); the rows it changed in all. */
  private async writeWindows(con: DuckDBConnection, query: string, params: string[], span: RowSpan, onWindow: (changedSoFar: number) => void = () => {}): Promise<number> {
    let changed = 0;
    for (const window of this.windows(span)) {
      changed += (await con.run(namedQuery(query), [...params, ...window])).rowsChanged;
      onWindow(changed);
    }
    return changed;
  }

  /**
   * Prices the tool calls of the range again (those the filter selects: provider 'tool', model =
   * tool name) and appends those whose cost or price source changed to reprice_activity_new.
   */
  private async priceActivities(con: DuckDBConnection, request: RepriceRequest, range: string[], result: RepriceResult): Promise<void> {
    const wantProvider = lower(request.provider);
    const wantModel = lower(request.model);
    if (wantProvider !== undefined && wantProvider !== TOOL_PROVIDER) return;
    const spans = (await con.runAndReadAll(namedQuery('pricing_reprice_activity_span'), range)).getRowObjectsJS()[0]!;
    const appender = await con.createAppender('reprice_activity_new', 'main', 'temp');
    await this.readWindows(con, 'pricing_reprice_activity_rows', range, { first: num(spans.first_rid), end: num(spans.end_rid) }, async (window) => {
      for (const row of await window.getRowObjectsJS()) {
        const name = String(row.name);
        if (wantModel !== undefined && lower(name) !== wantModel) continue;
        result.activitiesScanned++;
        const oldCost = row.cost === null ? null : num(row.cost);
        result.activityCostBeforeNanos += oldCost ?? 0;
        const cost = this.pricing.toolCost(name, { startUs: num(row.start_us), endUs: num(row.end_us), attributesJson: row.attributes === null ? '' : String(row.attributes) });
        result.activityCostAfterNanos += cost ?? 0;
        const source = cost === null ? 'unpriced' : 'override';
        if (cost === oldCost && source === row.price_source) continue;
        result.activitiesChanged++;
        appender.appendBigInt(BigInt(row.rid as bigint | number));
        if (oldCost === null) appender.appendNull();
        else appender.appendDouble(oldCost);
        if (cost === null) appender.appendNull();
        else appender.appendDouble(cost);
        appender.appendVarchar(source);
        appender.endRow();
      }
    });
    appender.flushSync();
    appender.closeSync();
  }

  /**
   * Sums the deltas per roll-up key (reprice_deltas, reprice_activity_deltas) and says which
   * statements will rewrite the changed calls and add the deltas to the roll-ups, each with the
   * rows it must change. Runs before the transaction, like the pricing, for the same reason: it
   * only reads the stored rows, and temp tables filled inside the transaction could not spill
   * (re-pricing 10M calls at a 128MB pool ran out of memory summing their 2.3M deltas).
   */
  private async planWrites(con: DuckDBConnection, range: string[], rows: RowSpan, result: RepriceResult): Promise<PlannedWrite[]> {
    await con.run(namedQuery('pricing_reprice_deltas'));
    const keys = (await con.runAndReadAll(namedQuery('pricing_reprice_rollup_keys'))).getRowObjectsJS()[0]!;
    // The roll-ups first: replacing the calls leaves the transaction holding their deletions
    // (DuckDB accounts ~6 bytes a call to the transaction: 55 MiB for 10M calls), which left too
    // little of a 256MB pool for the updates.
    const updates: PlannedWrite[] = [
      { query: 'pricing_reprice_hourly', table: 'hourly_usage', expected: num(keys.hourly_usage) },
      { query: 'pricing_reprice_daily', table: 'daily_usage', expected: num(keys.daily_usage) },
      { query: 'pricing_reprice_runs', table: 'runs', expected: num(keys.runs) },
      { query: 'pricing_reprice_run_agents', table: 'run_agents', expected: num(keys.run_agents) },
      // In windows of row ids, as the calls were staged: one DELETE joining all of reprice_new
      // ran a month of 3.3M calls out of a 128MB pool.
      { query: 'pricing_reprice_remove_old', table: 'llm_calls_raw', expected: result.callsChanged, params: range, windows: rows },
      { query: 'pricing_reprice_rewrite', table: 'llm_calls_raw', expected: result.callsChanged },
    ];
    if (result.activitiesChanged > 0) {
      await con.run(namedQuery('pricing_reprice_activity_deltas'));
      const missing = (await con.runAndReadAll(namedQuery('pricing_reprice_activity_missing'))).getRowObjectsJS()[0]!;
      for (const table of ['hourly_usage', 'daily_usage', 'run_agents'] as const) {
        if (num(missing[table]) > 0) {
          throw new RepriceStoppedError(`${table} has ${num(missing[table])} rows the re-priced tool calls belong to missing`);
        }
      }
      updates.push(
        { query: 'pricing_reprice_activity_apply', table: 'activity', expected: result.activitiesChanged },
        { query: 'pricing_reprice_activity_hourly', table: 'hourly_usage', expected: null },
        { query: 'pricing_reprice_activity_daily', table: 'daily_usage', expected: null },
        { query: 'pricing_reprice_activity_runs', table: 'runs', expected: num(missing.runs) },
        { query: 'pricing_reprice_activity_run_agents', table: 'run_agents', expected: null },
        // A tool call no longer priced leaves roll-up rows it alone made with no call: ingest never stores those.
        { query: 'write/drop_empty_rollups', table: 'roll-ups', expected: null },
      );
    }
    return updates;
  }

  /**
   * Runs the planned writes, checking that each reached every row it should: a roll-up row
   * missing for a re-priced call would otherwise drop that call's new cost from the totals
   * without a word.
   */
  private async applyWrites(con: DuckDBConnection, updates: readonly PlannedWrite[], onProgress: (p: RepriceProgress) => void): Promise<void> {
    for (const [i, { query, table, expected, params = [], windows }] of updates.entries()) {
      const changed = windows === undefined ? (await con.run(namedQuery(query), params)).rowsChanged : await this.writeWindows(con, query, params, windows);
      if (expected !== null && changed !== expected) {
        throw new RepriceStoppedError(`${table} has ${expected - changed} of the ${expected} rows the re-priced calls belong to missing`);
      }
      onProgress({ phase: 'write', done: i + 1, total: updates.length });
    }
  }

  /**
   * The name tuples of the range that the filter selects, numbered into reprice_groups, with how
   * many calls they have and the row ids those lie between.
   */
  private async selectGroups(con: DuckDBConnection, request: RepriceRequest, range: string[]): Promise<SelectedGroups> {
    const rows = (await con.runAndReadAll(namedQuery('pricing_reprice_groups'), range)).getRowObjectsJS();
    const wantProvider = lower(request.provider);
    const wantModel = lower(request.model);
    const selected: SelectedGroups = { groups: [], calls: 0, rows: { first: 0, end: 0 } };
    const appender = await con.createAppender('reprice_groups', 'main', 'temp');
    for (const row of rows) {
      const provider = String(row.provider);
      const responseModel = String(row.response_model);
      const requestModel = String(row.request_model);
      const tier = row.service_tier === null ? null : String(row.service_tier);
      const entry = this.pricing.entry(provider, responseModel, requestModel, tier);
      const match = entry.resolution.match;
      if (wantProvider !== undefined && ![provider, match?.provider.id].some((p) => lower(p) === wantProvider)) continue;
      if (wantModel !== undefined && ![responseModel, requestModel, match?.model.id].some((m) => lower(m) === wantModel)) continue;
      appender.appendInteger(selected.groups.length);
      appender.appendInteger(num(row.provider_k));
      appender.appendInteger(num(row.request_model_k));
      appender.appendInteger(num(row.response_model_k));
      if (row.service_tier_k === null) appender.appendNull();
      else appender.appendInteger(num(row.service_tier_k));
      appender.appendBoolean(entry.overrides.some((o) => o.per_image !== undefined || o.per_page !== undefined || o.per_second !== undefined));
      appender.endRow();
      const [first, end] = [num(row.first_rid), num(row.last_rid) + 1];
      const none = selected.groups.length === 0;
      selected.rows = none ? { first, end } : { first: Math.min(selected.rows.first, first), end: Math.max(selected.rows.end, end) };
      selected.calls += num(row.calls);
      selected.groups.push(entry);
    }
    appender.flushSync();
    appender.closeSync();
    return selected;
  }

  /**
   * Prices one chunk of stored calls; adds those whose cost, source or priced model changed to
   * `changed`. Values are read straight from the chunk's column vectors: converting whole result
   * sets to JS objects took twice as long as the pricing itself.
   */
  private priceChunk(chunk: DuckDBDataChunk, groups: PriceEntry[], dict: DictionaryIds, changed: ChangedCall[], result: RepriceResult): void {
    const col = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
    const value = (column: number, row: number) => col[column]!.getItem(row);
    const usage = tokenUsage();
    const newCost = new Array<number>(COST_COUNT);
    result.callsScanned += chunk.rowCount;
    for (let row = 0; row < chunk.rowCount; row++) {
      usage.inputTokens = num(value(COL.inputTokens, row));
      usage.outputTokens = num(value(COL.outputTokens, row));
      usage.cacheReadTokens = num(value(COL.cacheReadTokens, row));
      usage.cacheWriteTokens = num(value(COL.cacheWriteTokens, row));
      usage.cacheWrite1hTokens = num(value(COL.cacheWrite1hTokens, row));
      usage.reasoningTokens = num(value(COL.reasoningTokens, row));
      usage.inputAudioTokens = num(value(COL.inputAudioTokens, row));
      usage.outputAudioTokens = num(value(COL.outputAudioTokens, row));
      usage.inputImageTokens = num(value(COL.inputImageTokens, row));
      usage.outputImageTokens = num(value(COL.outputImageTokens, row));
      const startUs = num(value(COL.startUs, row));
      const priced = groups[num(value(COL.g, row))]!.at(Math.floor(startUs / 1000));

      const oldTotal = value(COL.firstCost + COST_COUNT - 1, row);
      if (oldTotal === null) result.unpricedBefore++;
      else result.costBeforeNanos += num(oldTotal);

      let pricedModelK: number | null = null;
      let sourceK: number;
      if (priced === null) {
        result.unpricedAfter++;
        sourceK = dict.id('unpriced');
      } else {
        const quantities =
          priced.plan.fixed === null ? NO_QUANTITIES : quantitiesOf({ startUs, endUs: num(value(COL.endUs, row)), attributesJson: String(value(COL.attributes, row) ?? '') });
        const b = computeCost(usage, priced.plan, usage.inputTokens, quantities);
        newCost[0] = b.inputCost;
        newCost[1] = b.outputCost;
        newCost[2] = b.cacheReadCost;
        newCost[3] = b.cacheWriteCost;
        newCost[4] = b.reasoningCost;
        newCost[5] = b.otherCost;
        newCost[6] = b.totalCost;
        result.costAfterNanos += b.totalCost;
        pricedModelK = dict.id(priced.model);
        sourceK = dict.id(priced.source);
      }

      const oldPricedK = value(COL.pricedModelK, row);
      let unchanged = sourceK === num(value(COL.priceSourceK, row)) && pricedModelK === (oldPricedK === null ? null : num(oldPricedK));
      for (let k = 0; unchanged && k < COST_COUNT; k++) {
        const old = value(COL.firstCost + k, row);
        unchanged = priced === null ? old === null : old === newCost[k];
      }
      if (unchanged) continue;

      result.callsChanged++;
      const taskTypeK = value(COL.taskTypeK, row);
      changed.push({
        rid: num(value(COL.rid, row)),
        spanHigh: num(value(COL.spanHigh, row)),
        spanLow: num(value(COL.spanLow, row)),
        startUs,
        costs: priced === null ? null : newCost.slice(),
        pricedModelK,
        sourceK,
        g: num(value(COL.g, row)),
        tenantK: num(value(COL.tenantK, row)),
        agentK: num(value(COL.agentK, row)),
        categoryK: num(value(COL.categoryK, row)),
        taskTypeK: taskTypeK === null ? null : num(taskTypeK),
        statusK: num(value(COL.statusK, row)),
        isRetry: value(COL.isRetry, row) === true,
        runId: String(value(COL.runId, row)),
        unpriced: (priced === null ? 1 : 0) - (oldTotal === null ? 1 : 0),
        deltas: ROLLED_UP_COSTS.map((k) => {
          const old = value(COL.firstCost + k, row);
          return (priced === null ? 0 : newCost[k]!) - (old === null ? 0 : num(old));
        }),
      });
    }
  }
}
