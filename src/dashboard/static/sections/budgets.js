// Each budget's current period: how much of the limit is used, and the projection.

import { getJson } from '../api.js';
import { bar, code, emptyState, h, show } from '../dom.js';
import { count, pct, usd, utcDateTime } from '../format.js';

export function loadBudgets() {
  return getJson('/v1/budgets/status?limit=20');
}

const STATE_LABEL = { ok: 'On track', warning: 'Warning', critical: 'Critical', exceeded: 'Exceeded' };

export function renderBudgets(el, answer) {
  if (answer === null) return show(el, emptyState('Budgets are not enabled on this server', 'This tokentally server has no budgets API.'));
  if (answer.data.length === 0) {
    return show(el, emptyState('No budgets yet', 'Add one under ', code('budgets:'), ' in otel-config.yaml or with ', code('POST /v1/budgets'), '; ', code('tokentally demo'), ' creates examples.'));
  }
  show(el, h('ul', { class: 'budgets' }, answer.data.map(budgetRow)));
}

function budgetRow(status) {
  const b = status.budget;
  const scope = b.scope === 'org' ? 'whole organisation' : `${b.scope} ${b.target ?? ''}`.trim();
  const projection = status.projection;
  return h('li', { class: `budget state-${status.state}`, dataset: { budget: b.name } },
    h('div', { class: 'budget-head' },
      h('div', {},
        h('span', { class: 'name' }, b.name),
        h('span', { class: `tag ${b.policy === 'hard' ? 'hard' : ''}` }, b.policy === 'hard' ? 'hard stop' : 'alerts only')),
      h('span', { class: `state-pill ${status.state}` }, STATE_LABEL[status.state] ?? status.state)),
    h('div', { class: 'sub' }, `${scope} · ${b.period.replace('_', ' ')}${status.resets_at ? ` · resets ${utcDateTime(status.resets_at)}` : ''}`),
    bar(status.percent_used / 100, { className: `state-${status.state}`, marks: b.thresholds.filter((t) => t < 100).map((t) => t / 100) }),
    h('div', { class: 'budget-foot' },
      h('span', { class: 'num' }, h('strong', {}, usd(status.spent_usd)), ` of ${usd(status.limit_usd)} · ${pct(status.percent_used)}`),
      h('span', { class: 'muted' },
        projection?.will_exceed && projection.estimated_period_total_usd !== null ? `on pace for ${usd(projection.estimated_period_total_usd)}` : `${usd(status.remaining_usd)} left`,
        status.unpriced_calls > 0 ? ` · ${count(status.unpriced_calls)} unpriced calls not counted` : '')));
}
