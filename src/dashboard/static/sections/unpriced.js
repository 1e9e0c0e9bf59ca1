// Models nothing priced: their calls are stored with no cost, never as $0.

import { getJson } from '../api.js';
import { code, emptyState, h, show } from '../dom.js';
import { compact, count, utcDateTime } from '../format.js';
import { right, table } from './breakdowns.js';

export function loadUnpriced() {
  return getJson('/v1/unpriced?limit=10');
}

export function renderUnpriced(el, answer) {
  if (answer.data.length === 0) return show(el, emptyState('No unpriced calls', 'Calls to a model that neither the catalog nor an override prices are listed here, never counted as $0.'));
  show(el,
    table(['Model', '', right('Calls'), right('Input tokens'), right('Output tokens'), right('Last seen')], answer.data.map((r) => h('tr', {},
      h('td', {}, h('div', { class: 'name' }, r.model), h('div', { class: 'sub' }, r.provider)),
      h('td', {}, h('span', { class: 'tag warn' }, 'no price')),
      h('td', { class: 'num' }, count(r.calls)),
      h('td', { class: 'num muted' }, compact(r.input_tokens)),
      h('td', { class: 'num muted' }, compact(r.output_tokens)),
      h('td', { class: 'num muted' }, utcDateTime(r.last_seen))))),
    h('p', { class: 'hint' }, 'Give a model a price with ', code('PUT /v1/pricing/overrides'), ', then ', code('POST /v1/pricing/reprice'), ' to cost the calls already stored.'));
}
