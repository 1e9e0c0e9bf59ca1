import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { namedQuery } from '../storage/reader.js';
import { nanosToUsd } from '../util/money.js';
import { computeCost, NO_QUANTITIES } from './cost-calculator.js';
import type { PriceEntry } from './price-entry.js';
import { quantitiesOf } from './quantities.js';
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

export type RepricePhase = 'scan' | 'price' | 'write';

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

const BATCH_ROWS = 50_000;

/** Column positions in queries/pricing_reprice_batch.sql. */
const COL = {
  rid: 0, g: 1, startUs: 2, endUs: 3,
  inputTokens: 4, outputTokens: 5, cacheReadTokens: 6, cacheWriteTokens: 7, cacheWrite1hTokens: 8,
  reasoningTokens: 9, inputAudioTokens: 10, outputAudioTokens: 11, inputImageTokens: 12, outputImageTokens: 13,
  attributes: 14, firstCost: 15, pricedModelK: 22, priceSourceK: 23,
} as const;
const COST_COUNT = 7;

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
 * to hourly_usage, daily_usage, runs and run_agents, all in one transaction.
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
  constructor(private readonly pricing: PricingService, private readonly write: WriteAccess) {}

  reprice(request: RepriceRequest, onProgress: (p: RepriceProgress) => void = () => {}): Promise<RepriceResult> {
    return this.write(async (con, dict) => {
      await con.run(namedQuery('pricing_reprice_setup'));
      await con.run('BEGIN TRANSACTION');
      try {
        const result = await this.run(con, dict, request, onProgress);
        await con.run('COMMIT');
        dict.committed();
        return result;
      } catch (error) {
        await con.run('ROLLBACK').catch(() => undefined);
        dict.rolledBack();
        throw error;
      } finally {
        await con.run(namedQuery('pricing_reprice_teardown')).catch(() => undefined);
      }
    });
  }

  private async run(con: DuckDBConnection, dict: DictionaryIds, request: RepriceRequest, onProgress: (p: RepriceProgress) => void): Promise<RepriceResult> {
    const range = [new Date(request.fromMs).toISOString(), new Date(request.toMs).toISOString()];
    const groups = await this.selectGroups(con, request, range);
    onProgress({ phase: 'scan', done: groups.length, total: groups.length });

    await con.run(namedQuery('pricing_reprice_rows'), range);
    const total = num((await con.runAndReadAll('SELECT count(*) FROM reprice_rows')).getRows()[0]![0]);
    const result: RepriceResult = {
      callsScanned: total, callsChanged: 0, costBeforeNanos: 0, costAfterNanos: 0, unpricedBefore: 0, unpricedAfter: 0,
      activitiesScanned: 0, activitiesChanged: 0, activityCostBeforeNanos: 0, activityCostAfterNanos: 0,
    };

    const appender = await con.createAppender('reprice_new', 'main', 'temp');
    for (let first = 0; first < total; first += BATCH_ROWS) {
      const batch = await con.run(namedQuery('pricing_reprice_batch'), [first, first + BATCH_ROWS]);
      for (let c = 0; c < batch.chunkCount; c++) this.priceChunk(batch.getChunk(c), groups, dict, appender, result);
      onProgress({ phase: 'price', done: Math.min(total, first + BATCH_ROWS), total });
    }
    appender.flushSync();
    appender.closeSync();
    await this.priceActivities(con, request, range, result);

    await dict.persist(con);
    await this.writeChanges(con, result, onProgress);
    return result;
  }

  /**
   * Prices the tool calls of the range again (those the filter selects: provider 'tool', model =
   * tool name) and appends those whose cost or price source changed to reprice_activity_new.
   */
  private async priceActivities(con: DuckDBConnection, request: RepriceRequest, range: string[], result: RepriceResult): Promise<void> {
    const wantProvider = lower(request.provider);
    const wantModel = lower(request.model);
    if (wantProvider !== undefined && wantProvider !== TOOL_PROVIDER) return;
    const rows = (await con.runAndReadAll(namedQuery('pricing_reprice_activity_rows'), range)).getRowObjectsJS();
    const appender = await con.createAppender('reprice_activity_new', 'main', 'temp');
    for (const row of rows) {
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
    appender.flushSync();
    appender.closeSync();
  }

  /**
   * Rewrites the changed calls and adds their deltas to the roll-ups, checking that every update
   * reached every row it should: a roll-up row missing for a re-priced call would otherwise drop
   * that call's new cost from the totals without a word.
   */
  private async writeChanges(con: DuckDBConnection, result: RepriceResult, onProgress: (p: RepriceProgress) => void): Promise<void> {
    await con.run(namedQuery('pricing_reprice_deltas'));
    const keys = (await con.runAndReadAll(namedQuery('pricing_reprice_rollup_keys'))).getRowObjectsJS()[0]!;
    // expected: rows the statement must change; null for the MERGEs of tool calls, which may add
    // rows (checked beforehand instead: pricing_reprice_activity_missing).
    const updates: Array<[query: string, table: string, expected: number | null]> = [
      ['pricing_reprice_apply', 'llm_calls_raw', result.callsChanged],
      ['pricing_reprice_hourly', 'hourly_usage', num(keys.hourly_usage)],
      ['pricing_reprice_daily', 'daily_usage', num(keys.daily_usage)],
      ['pricing_reprice_runs', 'runs', num(keys.runs)],
      ['pricing_reprice_run_agents', 'run_agents', num(keys.run_agents)],
    ];
    if (result.activitiesChanged > 0) {
      await con.run(namedQuery('pricing_reprice_activity_deltas'));
      const missing = (await con.runAndReadAll(namedQuery('pricing_reprice_activity_missing'))).getRowObjectsJS()[0]!;
      for (const table of ['hourly_usage', 'daily_usage', 'run_agents'] as const) {
        if (num(missing[table]) > 0) {
          throw new Error(`re-pricing stopped, nothing changed: ${table} has ${num(missing[table])} rows the re-priced tool calls belong to missing`);
        }
      }
      updates.push(
        ['pricing_reprice_activity_apply', 'activity', result.activitiesChanged],
        ['pricing_reprice_activity_hourly', 'hourly_usage', null],
        ['pricing_reprice_activity_daily', 'daily_usage', null],
        ['pricing_reprice_activity_runs', 'runs', num(missing.runs)],
        ['pricing_reprice_activity_run_agents', 'run_agents', null],
        // A tool call no longer priced leaves roll-up rows it alone made with no call: ingest never stores those.
        ['write/drop_empty_rollups', 'roll-ups', null],
      );
    }
    for (const [i, [query, table, expected]] of updates.entries()) {
      const changed = (await con.run(namedQuery(query))).rowsChanged;
      if (expected !== null && changed !== expected) {
        throw new Error(`re-pricing stopped, nothing changed: ${table} has ${expected - changed} of the ${expected} rows the re-priced calls belong to missing`);
      }
      onProgress({ phase: 'write', done: i + 1, total: updates.length });
    }
  }

  /** The name tuples of the range that the filter selects, numbered into reprice_groups. */
  private async selectGroups(con: DuckDBConnection, request: RepriceRequest, range: string[]): Promise<PriceEntry[]> {
    const rows = (await con.runAndReadAll(namedQuery('pricing_reprice_groups'), range)).getRowObjectsJS();
    const wantProvider = lower(request.provider);
    const wantModel = lower(request.model);
    const groups: PriceEntry[] = [];
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
      appender.appendInteger(groups.length);
      appender.appendInteger(num(row.provider_k));
      appender.appendInteger(num(row.request_model_k));
      appender.appendInteger(num(row.response_model_k));
      if (row.service_tier_k === null) appender.appendNull();
      else appender.appendInteger(num(row.service_tier_k));
      appender.appendBoolean(entry.overrides.some((o) => o.per_image !== undefined || o.per_page !== undefined || o.per_second !== undefined));
      appender.endRow();
      groups.push(entry);
    }
    appender.flushSync();
    appender.closeSync();
    return groups;
  }

  /**
   * Prices one chunk of stored calls; appends those whose cost, source or priced model changed.
   * Values are read straight from the chunk's column vectors: converting whole result sets to JS
   * objects took twice as long as the pricing itself.
   */
  private priceChunk(chunk: DuckDBDataChunk, groups: PriceEntry[], dict: DictionaryIds, appender: DuckDBAppender, result: RepriceResult): void {
    const col = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
    const value = (column: number, row: number) => col[column]!.getItem(row);
    const usage = tokenUsage();
    const newCost = new Array<number>(COST_COUNT);
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
      appender.appendBigInt(value(COL.rid, row) as bigint);
      for (let k = 0; k < COST_COUNT; k++) {
        if (priced === null) appender.appendNull();
        else appender.appendDouble(newCost[k]!);
      }
      if (pricedModelK === null) appender.appendNull();
      else appender.appendInteger(pricedModelK);
      appender.appendInteger(sourceK);
      appender.endRow();
    }
  }
}
