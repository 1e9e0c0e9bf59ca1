import { nanosToUsd } from '../../util/money.js';
import type { BudgetRegistry } from '../engine/budget-registry.js';
import type { BudgetSettings } from './budget.js';
import { InputError } from './errors.js';

export interface BudgetCandidate {
  tenant: string;
  name: string;
  /** Set when the candidate replaces a stored budget (PATCH). */
  id: string | null;
  settings: BudgetSettings;
}

const usd = (nanos: number) => `$${nanosToUsd(nanos)}`;

/**
 * Rules between budgets: agents roll up under an org or a parent agent; a parent whose overrun
 * policy is block hands out no more than its limit, so a child's limit must fit in what its
 * siblings left (and a parent cannot shrink below what its children already hold).
 */
export function checkHierarchy(c: BudgetCandidate, registry: BudgetRegistry): void {
  const parentName = c.settings.parent;
  if (parentName !== null) {
    const parent = registry.byName(c.tenant, parentName);
    if (!parent) throw new InputError('parent', `there is no budget named "${parentName}"`);
    if (parent.scope !== 'org' && parent.scope !== 'agent') {
      throw new InputError('parent', `a parent budget has scope org or agent; "${parentName}" has scope ${parent.scope}`);
    }
    if (parent.scope === 'agent' && c.settings.scope !== 'agent') {
      throw new InputError('parent', `only agent budgets roll up into the agent budget "${parentName}"`);
    }
    if (registry.lineage(parent).some((b) => b.name === c.name)) {
      throw new InputError('parent', `"${parentName}" is already below "${c.name}"; budgets cannot form a cycle`);
    }
    if (parent.overrunPolicy === 'block') {
      const allocated = registry
        .children(parent)
        .filter((s) => s.name !== c.name)
        .reduce((sum, s) => sum + s.limitNanos, 0);
      const left = parent.limitNanos - allocated;
      if (c.settings.limitNanos > left) {
        throw new InputError(
          'limit_usd',
          `limit_usd ${usd(c.settings.limitNanos)} exceeds what parent "${parent.name}" has left to allocate: ${usd(Math.max(0, left))} of ${usd(parent.limitNanos)}`,
        );
      }
    }
  }
  const stored = c.id === null ? undefined : registry.get(c.id);
  const children = stored ? registry.children(stored) : [];
  if (children.length > 0) {
    if (c.settings.scope !== 'org' && c.settings.scope !== 'agent') {
      throw new InputError('scope', `"${c.name}" has child budgets, so its scope must stay org or agent`);
    }
    if (c.settings.scope === 'agent' && children.some((child) => child.scope !== 'agent')) {
      throw new InputError('scope', `"${c.name}" has child budgets that are not agent budgets, so it cannot become an agent budget`);
    }
  }
  if (c.settings.overrunPolicy === 'block') {
    const held = children.reduce((sum, child) => sum + child.limitNanos, 0);
    if (held > c.settings.limitNanos) {
      throw new InputError('limit_usd', `limit_usd ${usd(c.settings.limitNanos)} is below the ${usd(held)} its child budgets already hold`);
    }
  }
}
