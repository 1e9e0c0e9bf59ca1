// Series colours that stay put: within a namespace (provider, model, agent), a key keeps its
// colour across refreshes and across charts.

const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ec4899', '#8b5cf6', '#14b8a6', '#ef4444', '#84cc16', '#f97316'];
export const OTHER_COLOR = '#94a3b8';

const namespaces = new Map();

export function colorOf(namespace, key) {
  let assigned = namespaces.get(namespace);
  if (!assigned) namespaces.set(namespace, (assigned = new Map()));
  if (!assigned.has(key)) assigned.set(key, PALETTE[assigned.size % PALETTE.length]);
  return assigned.get(key);
}
