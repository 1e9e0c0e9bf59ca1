// Cost per day over the last 30 days, stacked by provider, model or agent.

import { getJson } from '../api.js';
import { legend, stackedBarChart } from '../chart.js';
import { OTHER_COLOR, colorOf } from '../colors.js';
import { code, emptyState, show } from '../dom.js';
import { addDays } from '../format.js';

export const SPLITS = [
  ['provider', 'Provider'],
  ['model', 'Model'],
  ['agent', 'Agent'],
];
const DAYS = 30;
/** More series than this and the smallest merge into "Other": a chart of 20 colours says nothing. */
const MAX_SERIES = 7;

export function loadChart(split, today) {
  const start = addDays(today, 1 - DAYS);
  return getJson(`/v1/analytics?group_by=day&split_by=${split}&start_date=${start}&end_date=${today}`);
}

/** unpricedKeys: providers and models of /v1/unpriced, whose $0 means "no price", not free. */
export function renderChart(el, answer, split, today, unpricedKeys) {
  const days = answer.data.map((p) => p.bucket);
  const named = (answer.series ?? []).map((x) => ({ key: x.key || '(none)', total: x.total_cost, values: x.data.map((p) => p.cost) }));
  const kept = named.slice(0, MAX_SERIES).map((x) => ({ ...x, color: colorOf(split, x.key) }));
  const rest = named.slice(MAX_SERIES);
  if (rest.length > 0) {
    kept.push({ key: `Other (${rest.length})`, color: OTHER_COLOR, total: rest.reduce((sum, x) => sum + x.total, 0), values: days.map((_, i) => rest.reduce((sum, x) => sum + x.values[i], 0)) });
  }
  if (answer.total_cost === 0) {
    show(el, emptyState('No spend in the last 30 days', 'Run ', code('tokentally demo'), ' for a sample fleet, or point an OTLP exporter at this server.'));
    return;
  }
  show(el, stackedBarChart({ days, series: kept, today }), legend(kept, unpricedKeys));
}
