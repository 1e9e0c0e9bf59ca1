// Cost recommendations, when the server offers GET /v1/recommendations.

import { getJson } from '../api.js';
import { emptyState, h, show } from '../dom.js';
import { usd } from '../format.js';

const SHOWN = 5;

export function loadRecommendations() {
  return getJson('/v1/recommendations');
}

/** Returns false when the server has no recommendations endpoint, so the card stays hidden. */
export function renderRecommendations(el, answer) {
  if (answer === null) return false;
  const items = (Array.isArray(answer) ? answer : answer.data ?? answer.recommendations ?? []).slice(0, SHOWN);
  if (items.length === 0) {
    show(el, emptyState('Nothing to recommend', 'Spend looks efficient for now.'));
    return true;
  }
  show(el, h('ol', { class: 'recommendations' }, items.map((r) => {
    const item = typeof r === 'string' ? { title: r } : r;
    const savings = item.estimated_savings_usd ?? item.savings_usd ?? item.monthly_savings_usd;
    return h('li', {},
      h('div', { class: 'recommendation-head' },
        h('span', { class: 'name' }, item.title ?? item.summary ?? item.message ?? item.kind ?? 'Recommendation'),
        typeof savings === 'number' ? h('span', { class: 'tag good' }, `save ~${usd(savings)}`) : null),
      item.description ?? item.detail ?? item.rationale ? h('div', { class: 'sub' }, item.description ?? item.detail ?? item.rationale) : null);
  })));
  return true;
}
