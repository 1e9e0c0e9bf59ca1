// The headline figures: today, this month, the month's projection, retries.

import { getJson } from '../api.js';
import { h, show } from '../dom.js';
import { compact, count, dayLabel, signedPct, usd } from '../format.js';

export async function loadKpis() {
  const [today, month, projections] = await Promise.all([getJson('/v1/usage?period=today'), getJson('/v1/usage?period=month'), getJson('/v1/projections')]);
  return { today, month, projections };
}

export function renderKpis(el, { today, month, projections }) {
  show(
    el,
    kpi({
      id: 'spend-today',
      label: 'Today',
      value: usd(today.total_cost),
      change: changeLine(today, 'yesterday'),
      foot: `${count(today.operations)} calls · ${compact(today.total_tokens)} tokens`,
    }),
    kpi({
      id: 'spend-month',
      label: 'This month',
      value: usd(month.total_cost),
      change: changeLine(month, month.previous_period ? `${dayLabel(month.previous_period.start_date)} – ${dayLabel(month.previous_period.end_date)}` : 'the previous period'),
      foot: month.unpriced_operations > 0
        ? h('span', { class: 'warn-text' }, `${count(month.unpriced_operations)} unpriced calls not in this total`)
        : `${count(month.operations)} calls · ${compact(month.total_tokens)} tokens`,
    }),
    projections
      ? kpi({
          id: 'projected-month',
          label: 'Projected this month',
          value: usd(projections.month.projected_usd),
          change: h('span', { class: 'muted' }, `likely ${usd(projections.month.range.low_usd)} – ${usd(projections.month.range.high_usd)}`),
          foot: `${usd(projections.today.projected_usd)} expected by the end of today`,
        })
      : null,
    kpi({
      id: 'retry-cost',
      label: 'Retries this month',
      value: usd(month.retry_cost),
      change: h('span', { class: 'muted' }, `${count(month.error_operations)} failed calls`),
      foot: 'what second attempts cost after a failure',
    }),
  );
}

function kpi({ id, label, value, change, foot }) {
  return h('article', { class: 'kpi', id },
    h('p', { class: 'kpi-label' }, label),
    h('p', { class: 'kpi-value num' }, value),
    h('p', { class: 'kpi-change' }, change),
    h('p', { class: 'kpi-foot' }, foot));
}

/** "▲ +12.0% vs yesterday ($4.20)": spend going up is amber, down is green. */
function changeLine(usage, against) {
  const cost = usage.change?.cost;
  const before = usage.previous_period?.total_cost;
  if (!cost || cost.pct === null) return h('span', { class: 'muted' }, before === undefined ? 'no earlier period to compare' : `vs ${against} (${usd(before)})`);
  const direction = cost.pct > 0 ? 'up' : cost.pct < 0 ? 'down' : 'flat';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■';
  return h('span', {}, h('span', { class: `delta ${direction}` }, `${arrow} ${signedPct(cost.pct)}`), ` vs ${against} (${usd(before)})`);
}
