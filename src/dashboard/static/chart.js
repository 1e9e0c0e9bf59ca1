// A stacked bar chart drawn as inline SVG: one column per day, one segment per series.

import { h, s } from './dom.js';
import { dayLabel, usd, usdAxis } from './format.js';

const WIDTH = 960;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 8, bottom: 26, left: 52 };

/** Round axis steps (1, 2, 2.5, 5 × 10^n) giving about `count` gridlines up to at least `max`. */
export function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= raw);
  const ticks = [];
  for (let t = 0; t < max + step * 0.001; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/**
 * days: ['YYYY-MM-DD', …]; series: [{ key, color, values: [number per day] }], bottom first.
 * Returns a container with the SVG and a hover tooltip listing each series of the day.
 */
export function stackedBarChart({ days, series, today }) {
  const totals = days.map((_, i) => series.reduce((sum, x) => sum + x.values[i], 0));
  const ticks = niceTicks(Math.max(...totals, 0));
  const top = ticks[ticks.length - 1];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v) => MARGIN.top + plotH - (v / top) * plotH;
  const band = plotW / days.length;
  const barW = Math.max(2, band * 0.72);
  const labelEvery = Math.ceil(days.length / 10);

  const tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  const wrapper = h('div', { class: 'chart' });

  const grid = ticks.map((t) =>
    s('g', { class: 'tick' },
      s('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(t), y2: y(t) }),
      s('text', { x: MARGIN.left - 8, y: y(t) + 4, 'text-anchor': 'end' }, usdAxis(t))),
  );

  const columns = days.map((day, i) => {
    const x = MARGIN.left + i * band + (band - barW) / 2;
    let base = 0;
    const segments = series.map((serie) => {
      const value = serie.values[i];
      const y0 = y(base);
      base += value;
      const height = y0 - y(base);
      return height > 0 ? s('rect', { x, y: y(base), width: barW, height: Math.max(height, 0.5), fill: serie.color, class: 'segment' }) : null;
    });
    const label = i % labelEvery === (days.length - 1) % labelEvery
      ? s('text', { class: 'x-label', x: x + barW / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, day === today ? 'Today' : dayLabel(day))
      : null;
    const hit = s('rect', { class: 'hit', x: MARGIN.left + i * band, y: MARGIN.top, width: band, height: plotH });
    const column = s('g', { class: `day${day === today ? ' today' : ''}`, 'data-date': day, 'data-total': totals[i], 'aria-label': `${dayLabel(day)}: ${usd(totals[i])}` }, segments, hit, label);
    column.addEventListener('mouseenter', () => showTooltip(tooltip, wrapper, { day, i, total: totals[i], series, x: MARGIN.left + i * band + band / 2, today }));
    column.addEventListener('mouseleave', () => (tooltip.hidden = true));
    return column;
  });

  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart-svg', role: 'img', 'aria-label': 'Cost per day' }, grid, columns);
  wrapper.append(svg, tooltip);
  return wrapper;
}

function showTooltip(tooltip, wrapper, { day, i, total, series, x, today }) {
  const rows = series
    .filter((serie) => serie.values[i] > 0)
    .sort((a, b) => b.values[i] - a.values[i])
    .map((serie) => h('div', { class: 'tooltip-row' }, h('span', { class: 'swatch', style: { background: serie.color } }), h('span', { class: 'tooltip-key' }, serie.key), h('span', { class: 'num' }, usd(serie.values[i]))));
  tooltip.replaceChildren(
    h('div', { class: 'tooltip-title' }, `${dayLabel(day)}${day === today ? ' (today, so far)' : ''}`, h('span', { class: 'num' }, usd(total))),
    ...(rows.length ? rows : [h('div', { class: 'muted' }, 'No spend')]),
  );
  tooltip.hidden = false;
  const fraction = x / WIDTH;
  tooltip.style.left = `${fraction * 100}%`;
  tooltip.style.transform = fraction > 0.7 ? 'translateX(calc(-100% - 12px))' : 'translateX(12px)';
}

/** The legend under a chart: swatch, name, total; "no price" for a series whose calls nothing priced. */
export function legend(series, unpricedKeys = new Set()) {
  return h('ul', { class: 'legend' }, series.map((serie) => h('li', {},
    h('span', { class: 'swatch', style: { background: serie.color } }),
    h('span', {}, serie.key),
    serie.total === 0 && unpricedKeys.has(serie.key) ? h('span', { class: 'tag warn' }, 'no price') : h('span', { class: 'muted num' }, usd(serie.total)))));
}
