// DOM helpers. Text always goes in as text nodes, never as markup: agent, model and run names
// come from spans that anyone with an ingest key can send.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element: h('td', { class: 'num' }, '$1.00'). Props starting with "on" add listeners. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'style') Object.assign(el.style, value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** An SVG element with attributes. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces what `container` shows. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** What a section shows when it has nothing yet: what it is for and what to do. */
export function emptyState(title, ...hint) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), hint.length ? h('p', { class: 'empty-hint' }, ...hint) : null);
}

/** A section that could not load: the API's own message. */
export function errorState(error) {
  return h('div', { class: 'empty error' }, h('p', { class: 'empty-title' }, 'Could not load this section'), h('p', { class: 'empty-hint' }, error.message));
}

/** Inline code, for commands and endpoints in hints. */
export function code(text) {
  return h('code', {}, text);
}

/** A horizontal bar: `fraction` of the track, in `color` (or a state class), with optional tick marks (fractions). */
export function bar(fraction, { color, className = '', marks = [] } = {}) {
  const width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  return h('div', { class: `bar ${className}` },
    h('div', { class: 'bar-fill', style: color ? { width, background: color } : { width } }),
    marks.map((mark) => h('span', { class: 'bar-mark', style: { left: `${mark * 100}%` } })));
}
