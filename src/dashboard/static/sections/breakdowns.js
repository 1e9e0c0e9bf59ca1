// This month's spend by model and by agent, as tables with bars.

import { getJson } from '../api.js';
import { colorOf } from '../colors.js';
import { bar, code, emptyState, h, show } from '../dom.js';
import { count, pct, signedPct, usd } from '../format.js';

export function loadModels() {
  return getJson('/v1/usage/breakdown?group_by=model&period=month&limit=10');
}

export function loadAgents() {
  return getJson('/v1/agents?period=month&limit=20');
}

const NO_DATA = () => emptyState('No calls this month yet', 'Run ', code('tokentally demo'), ' or send gen_ai spans to this server’s OTLP endpoint.');

export function renderModels(el, answer) {
  if (answer.data.length === 0) return show(el, NO_DATA());
  const max = Math.max(...answer.data.map((r) => r.cost), 0);
  show(el, table(['Model', '', right('Cost'), right('Share'), right('Calls'), right('Per call')], answer.data.map((r) => {
    const unpriced = r.unpriced_calls > 0 && r.unpriced_calls === r.calls;
    return h('tr', {},
      h('td', {}, h('div', { class: 'name' }, r.key ?? '(none)'), h('div', { class: 'sub' }, r.provider ?? '')),
      h('td', { class: 'bar-cell' }, bar(max > 0 ? r.cost / max : 0, { color: colorOf('model', r.key ?? '') })),
      h('td', { class: 'num' }, unpriced ? h('span', { class: 'tag warn' }, 'unpriced') : usd(r.cost)),
      h('td', { class: 'num muted' }, pct(r.percent_of_total)),
      h('td', { class: 'num' }, count(r.calls)),
      h('td', { class: 'num muted' }, unpriced ? '—' : usd(r.average_cost_per_call)));
  })));
}

export function renderAgents(el, answer) {
  if (answer.data.length === 0) return show(el, NO_DATA());
  const max = Math.max(...answer.data.map((r) => r.cost), 0);
  show(el, table(['Agent', '', right('Cost'), right('Share'), right('Runs'), right('Per run'), right('Trend')], answer.data.map((r) => h('tr', {},
    h('td', {}, h('div', { class: 'name' }, r.display_name ?? r.agent), h('div', { class: 'sub' }, [r.department, r.display_name ? r.agent : null].filter(Boolean).join(' · '))),
    h('td', { class: 'bar-cell' }, bar(max > 0 ? r.cost / max : 0, { color: colorOf('agent', r.agent) })),
    h('td', { class: 'num' }, usd(r.cost)),
    h('td', { class: 'num muted' }, pct(r.percent_of_total)),
    h('td', { class: 'num' }, count(r.executions)),
    h('td', { class: 'num muted' }, r.executions > 0 ? usd(r.average_cost_per_execution) : '—'),
    h('td', { class: 'num' }, trend(r.trend))))));
}

function trend(t) {
  if (!t || t.direction === 'stable') return h('span', { class: 'trend flat', title: 'no significant trend this month' }, '→ stable');
  const up = t.direction === 'increasing';
  return h('span', { class: `trend ${up ? 'up' : 'down'}`, title: `fitted change over ${t.days} days` }, `${up ? '↗' : '↘'} ${signedPct(t.change_pct)}`);
}

/** A table; a header written as right('Cost') heads a column of numbers. */
export function table(headers, rows) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x) => (typeof x === 'string' ? h('th', {}, x) : h('th', { class: 'num' }, x.label))))),
    h('tbody', {}, rows)));
}

export function right(label) {
  return { label };
}
