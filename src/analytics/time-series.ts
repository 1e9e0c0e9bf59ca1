import type { Reader, Row } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { addDays, daysBetween, startOfLocalDay } from '../util/time.js';
import { runOverFacts } from './named-sql.js';
import { num, str } from './row-values.js';
import { roundTo } from './stats.js';
import { dailyTrend, type Trend } from './trend.js';
import { chooseSource, factsParams, type CallFilters } from './usage-scope.js';

const HOUR_MS = 3_600_000;

export const SERIES_BUCKETS = ['day', 'hour', 'hour_of_day'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];
export const SERIES_SPLITS = ['provider', 'model', 'agent'] as const;
export type SeriesSplit = (typeof SERIES_SPLITS)[number];

/** A window in calendar days of `tz` (inclusive) and the instants [startMs, endMs) they span. */
export interface DayWindow {
  tz: string;
  startDate: string;
  endDate: string;
  startMs: number;
  endMs: number;
}

export interface SeriesRequest {
  tenant: string;
  window: DayWindow;
  filters: CallFilters;
  bucket: SeriesBucket;
  splitBy?: SeriesSplit;
}

export interface Point {
  bucket: string;
  cost: number;
  operations: number;
}

function localDays(w: DayWindow): string[] {
  const n = daysBetween(w.startDate, w.endDate) + 1;
  return Array.from({ length: n }, (_, i) => addDays(w.startDate, i));
}

/** Every bucket of the window, in order: the zero-filled x axis. */
export function bucketKeys(bucket: SeriesBucket, w: DayWindow): string[] {
  if (bucket === 'day') return localDays(w);
  if (bucket === 'hour_of_day') return Array.from({ length: 24 }, (_, h) => String(h));
  const keys: string[] = [];
  for (let h = Math.floor(w.startMs / HOUR_MS) * HOUR_MS; h < w.endMs; h += HOUR_MS) keys.push(new Date(h).toISOString());
  return keys;
}

/** Instants the answer is cut at: they decide which source can answer exactly. */
function edges(bucket: SeriesBucket, w: DayWindow): number[] {
  if (bucket === 'hour') return [w.startMs, w.endMs];
  return [...localDays(w).map((d) => startOfLocalDay(d, w.tz)), w.endMs];
}

function seriesRows(reader: Reader, req: SeriesRequest): Promise<Row[]> {
  const { bucket, window } = req;
  const source = chooseSource(req.filters, edges(bucket, window), bucket === 'day' ? 'day' : 'hour');
  const scope = { tenant: req.tenant, startMs: window.startMs, endMs: window.endMs, filters: req.filters, source };
  return runOverFacts(reader, 'usage_series', { ...factsParams(scope), bucket, tz: window.tz, split_by: req.splitBy ?? null });
}

function groupRows(rows: readonly Row[], column: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const name = str(r, column) ?? '';
    const group = groups.get(name);
    if (group) group.push(r);
    else groups.set(name, [r]);
  }
  return groups;
}

function zeroFilled(keys: readonly string[], rows: readonly Row[]): Point[] {
  const byKey = new Map(rows.map((r) => [str(r, 'key'), r]));
  return keys.map((bucket) => {
    const r = byKey.get(bucket);
    return { bucket, cost: roundUsd(num(r, 'cost')), operations: num(r, 'calls') };
  });
}

function extremes(points: readonly Point[]) {
  if (points.length === 0) return { peak: null, lowest: null };
  let peak = points[0]!;
  let lowest = points[0]!;
  for (const p of points) {
    if (p.cost > peak.cost) peak = p;
    if (p.cost < lowest.cost) lowest = p;
  }
  return { peak, lowest };
}

/** Cost and operations per bucket with gaps filled, optional split series, and summary figures. */
export async function usageSeries(reader: Reader, req: SeriesRequest) {
  const keys = bucketKeys(req.bucket, req.window);
  const rows = await seriesRows(reader, req);
  const days = daysBetween(req.window.startDate, req.window.endDate) + 1;
  const merged = [...groupRows(rows, 'key')].map(([key, rs]) => ({ key, cost: rs.reduce((s, r) => s + num(r, 'cost'), 0), calls: rs.reduce((s, r) => s + num(r, 'calls'), 0) }));
  let data = zeroFilled(keys, merged);
  const totalCost = data.reduce((s, p) => s + p.cost, 0);
  const totalOps = data.reduce((s, p) => s + p.operations, 0);
  // hour_of_day answers "what does a typical hour 9 cost": each hour's total over the days in the window.
  if (req.bucket === 'hour_of_day') {
    data = data.map((p) => ({ ...p, cost: roundUsd(p.cost / days), operations: roundTo(p.operations / days, 4) }));
  }
  const series = [...(req.splitBy ? groupRows(rows, 'series') : [])].map(([name, rs]) => {
    const points = zeroFilled(keys, rs);
    return { key: name, total_cost: roundUsd(points.reduce((s, p) => s + p.cost, 0)), operations: points.reduce((s, p) => s + p.operations, 0), data: points };
  });
  series.sort((a, b) => b.total_cost - a.total_cost || a.key.localeCompare(b.key));
  const { peak, lowest } = extremes(data);
  return {
    data,
    series: req.splitBy ? series : null,
    total_cost: roundUsd(totalCost),
    total_operations: totalOps,
    days,
    daily_average: roundUsd(totalCost / days),
    average_per_bucket: roundUsd(req.bucket === 'hour_of_day' ? totalCost / days / 24 : totalCost / keys.length),
    peak,
    lowest,
  };
}

/** Each agent's fitted daily trend over the window (zero-filled days). */
export async function agentTrends(reader: Reader, req: Omit<SeriesRequest, 'bucket' | 'splitBy'>): Promise<Map<string, Trend>> {
  const keys = bucketKeys('day', req.window);
  const rows = await seriesRows(reader, { ...req, bucket: 'day', splitBy: 'agent' });
  return new Map([...groupRows(rows, 'series')].map(([agent, rs]) => [agent, dailyTrend(zeroFilled(keys, rs).map((p) => p.cost))]));
}
