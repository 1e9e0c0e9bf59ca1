// Recent runs, and one run's breakdown: each agent's share, retry cost and timeline.

import { getJson } from '../api.js';
import { colorOf } from '../colors.js';
import { code, emptyState, h, show } from '../dom.js';
import { compact, count, duration, pct, usd, utcDateTime } from '../format.js';
import { runTimeline } from '../timeline.js';
import { right, table } from './breakdowns.js';

export function loadRuns() {
  return getJson('/v1/runs?limit=12');
}

export function loadRun(runId) {
  return getJson(`/v1/runs/${encodeURIComponent(runId)}`);
}

export function renderRuns(el, answer, { selected, onSelect }) {
  if (answer.data.length === 0) {
    return show(el, emptyState('No runs yet', 'A run is one pipeline execution (one trace, or one ', code('tokentally.run_id'), '). Run ', code('tokentally demo'), ' to see some.'));
  }
  show(el, table(['Run', 'Started', right('Duration'), 'Agents', right('Calls'), right('Retry cost'), right('Cost')], answer.data.map((run) => {
    const open = () => onSelect(run.run_id === selected ? null : run.run_id);
    return h('tr', {
      class: `clickable${run.run_id === selected ? ' selected' : ''}`,
      tabindex: 0,
      dataset: { runId: run.run_id },
      'aria-expanded': run.run_id === selected ? 'true' : 'false',
      onclick: open,
      onkeydown: (event) => (event.key === 'Enter' || event.key === ' ') && (event.preventDefault(), open()),
    },
      h('td', {}, h('span', { class: 'mono' }, run.run_id), run.error_calls > 0 ? h('span', { class: 'tag bad' }, `${run.error_calls} failed`) : null),
      h('td', { class: 'muted' }, utcDateTime(run.start_time)),
      h('td', { class: 'num muted' }, duration(run.duration_ms)),
      h('td', {}, h('div', { class: 'chips' }, run.agents.map((agent) => h('span', { class: 'chip' }, h('span', { class: 'swatch', style: { background: colorOf('agent', agent) } }), agent)))),
      h('td', { class: 'num' }, count(run.calls), run.retry_calls > 0 ? h('span', { class: 'sub inline' }, ` · ${run.retry_calls} retried`) : null),
      h('td', { class: 'num muted' }, run.retry_cost > 0 ? usd(run.retry_cost) : '—'),
      h('td', { class: 'num strong' }, usd(run.total_cost)));
  })));
}

export function renderRunDetail(el, run, onClose) {
  if (!run) return show(el);
  const stats = [
    ['Total cost', usd(run.total_cost), `${usd(run.model_cost)} models · ${usd(run.tool_cost)} tools`],
    ['Duration', duration(run.duration_ms), `${utcDateTime(run.start_time)}`],
    ['Model calls', count(run.calls), `${count(run.error_calls)} failed · ${count(run.retry_calls)} retried`],
    ['Retry cost', usd(run.retry_cost), `failed attempts cost ${usd(run.failed_cost)}`],
    ['Tool calls', count(run.tool_calls), `${usd(run.tool_cost)} in per-call prices`],
    ['Tokens', compact(run.input_tokens + run.output_tokens), `${compact(run.input_tokens)} in · ${compact(run.output_tokens)} out · ${compact(run.cached_tokens)} cached`],
  ];
  show(el, h('div', { class: 'run-detail', id: 'run-detail-panel' },
    h('div', { class: 'run-detail-head' },
      h('h3', {}, 'Run ', h('span', { class: 'mono' }, run.run_id)),
      h('button', { class: 'button ghost', type: 'button', onclick: onClose }, 'Close')),
    h('div', { class: 'stats' }, stats.map(([label, value, sub]) => h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value num' }, value), h('div', { class: 'sub' }, sub)))),
    h('h4', {}, 'Cost by agent'),
    shareBar(run.agents),
    table(['Agent', right('Calls'), right('Cost'), right('Share'), right('Retry cost')], run.agents.map((a) => h('tr', { dataset: { agent: a.agent } },
      h('td', {}, h('span', { class: 'swatch', style: { background: colorOf('agent', a.agent) } }), ' ', h('span', { class: 'name inline' }, a.agent)),
      h('td', { class: 'num' }, count(a.calls)),
      h('td', { class: 'num' }, usd(a.cost)),
      h('td', { class: 'num muted' }, pct(a.share_pct)),
      h('td', { class: 'num muted' }, a.retry_cost > 0 ? usd(a.retry_cost) : '—')))),
    h('h4', {}, 'Timeline', run.timeline_truncated ? h('span', { class: 'sub inline' }, ' (first 1,000 steps)') : null),
    runTimeline(run.timeline, run)));
}

function shareBar(agents) {
  return h('div', { class: 'share-bar', role: 'img', 'aria-label': agents.map((a) => `${a.agent} ${pct(a.share_pct)}`).join(', ') },
    agents.filter((a) => a.share_pct > 0).map((a) => h('div', { class: 'share', title: `${a.agent}: ${usd(a.cost)} (${pct(a.share_pct)})`, style: { width: `${a.share_pct}%`, background: colorOf('agent', a.agent) } })));
}
