// The dashboard channel of budget alerts.

import { getJson } from '../api.js';
import { emptyState, h, show } from '../dom.js';
import { ago, utcDateTime } from '../format.js';

export function loadNotifications() {
  return getJson('/v1/notifications?limit=8');
}

export function renderNotifications(el, badge, answer, nowMs) {
  badge.hidden = !answer || answer.unread === 0;
  if (answer) badge.textContent = `${answer.unread} unread`;
  if (answer === null) return show(el, emptyState('Notifications are not enabled on this server', 'Budget alerts appear here when the budgets API is on.'));
  if (answer.data.length === 0) return show(el, emptyState('No alerts', 'Budgets notify here when spend crosses a threshold (50, 80, 95, 100% by default).'));
  show(el, h('ul', { class: 'notifications' }, answer.data.map((n) =>
    h('li', { class: `notification ${n.severity}${n.read_at ? ' read' : ''}` },
      h('span', { class: 'dot', 'aria-label': n.severity }),
      h('div', {},
        h('div', { class: 'notification-title' }, n.title),
        h('div', { class: 'sub' }, n.message),
        h('div', { class: 'fine', title: utcDateTime(n.created_at) }, `${ago(n.created_at, nowMs)} · ${utcDateTime(n.created_at)}`))))));
}
