// A run's timeline as inline SVG: one lane per agent, a bar per model call or tool call.

import { colorOf } from './colors.js';
import { h, s } from './dom.js';
import { count, duration, usd } from './format.js';

const WIDTH = 960;
const LANE = 26;
const LABEL_W = 120;
const AXIS_H = 22;
const RIGHT = 12;

export function runTimeline(items, run) {
  const startMs = Date.parse(run.start_time);
  const spanMs = Math.max(1, Date.parse(run.end_time) - startMs);
  const steps = items.filter((item) => item.kind !== 'agent_invocation');
  const lanes = [...new Set(steps.map((item) => item.agent))];
  const plotW = WIDTH - LABEL_W - RIGHT;
  const x = (iso) => LABEL_W + ((Date.parse(iso) - startMs) / spanMs) * plotW;
  const height = lanes.length * LANE + AXIS_H;

  // When each agent was at work: its invoke_agent spans, drawn faintly behind its steps.
  const activity = items
    .filter((item) => item.kind === 'agent_invocation' && lanes.includes(item.agent))
    .map((item) => s('rect', { class: 'lane-activity', x: x(item.start_time), y: lanes.indexOf(item.agent) * LANE + 3, width: Math.max(1, x(item.end_time) - x(item.start_time)), height: LANE - 6, rx: 3 }));

  const bars = steps.map((item) => {
    const failed = item.status === 'error';
    const color = failed ? '#ef4444' : colorOf('agent', item.agent);
    const isTool = item.kind !== 'model_call';
    return s('rect', {
      class: `step${isTool ? ' tool' : ''}${item.is_retry ? ' retry' : ''}${failed ? ' failed' : ''}`,
      x: x(item.start_time),
      y: lanes.indexOf(item.agent) * LANE + (isTool ? 9 : 6),
      width: Math.max(2, x(item.end_time) - x(item.start_time)),
      height: isTool ? LANE - 18 : LANE - 12,
      rx: 2,
      fill: color,
    }, s('title', {}, describe(item)));
  });

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => s('g', { class: 'tick' },
    s('line', { x1: LABEL_W + f * plotW, x2: LABEL_W + f * plotW, y1: 0, y2: lanes.length * LANE }),
    s('text', { x: LABEL_W + f * plotW, y: height - 6, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, f === 0 ? '0 s' : duration(f * spanMs))));

  const labels = lanes.map((agent, i) => s('text', { class: 'lane-label', x: 0, y: i * LANE + LANE / 2 + 4 }, agent));
  const stripes = lanes.map((_, i) => s('rect', { class: `lane ${i % 2 ? 'odd' : ''}`, x: LABEL_W, y: i * LANE, width: plotW, height: LANE }));

  return h('div', { class: 'timeline' },
    s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'timeline-svg', role: 'img', 'aria-label': 'Run timeline' }, stripes, ticks, activity, bars, labels),
    h('ul', { class: 'legend small' },
      h('li', {}, h('span', { class: 'swatch' }), 'model call'),
      h('li', {}, h('span', { class: 'swatch thin' }), 'tool call'),
      h('li', {}, h('span', { class: 'swatch retry' }), 'retry'),
      h('li', {}, h('span', { class: 'swatch failed' }), 'failed')));
}

function describe(item) {
  const parts = [item.kind === 'model_call' ? `${item.name} ${item.model ?? ''}`.trim() : item.name, duration(item.duration_ms)];
  if (item.cost !== null && item.cost !== undefined) parts.push(usd(item.cost));
  if (item.kind === 'model_call') parts.push(`${count(item.input_tokens)} in / ${count(item.output_tokens)} out`);
  if (item.is_retry) parts.push(`retry (attempt ${item.attempt})`);
  if (item.status === 'error') parts.push('failed');
  // The provider's id of the response, to look the call up in the provider's own logs.
  if (item.response_id) parts.push(item.response_id);
  return parts.join(' · ');
}
