import type { BudgetConfig } from '../../config/schema.js';
import { BudgetRegistry } from '../engine/budget-registry.js';
import type { Budget, BudgetSettings } from './budget.js';
import { parseBudget } from './budget-input.js';
import { InputError } from './errors.js';
import { checkHierarchy } from './hierarchy.js';

export interface ConfigBudget {
  tenant: string;
  name: string;
  settings: BudgetSettings;
}

/** A config error names the key, as every config error does: budgets[2].limit_usd. */
function keyed(index: number, error: unknown): unknown {
  return error instanceof InputError ? new Error(`budgets[${index}].${error.field}: ${error.message}`) : error;
}

/** The budgets section, each entry validated as the API validates a budget. */
export function parseConfigBudgets(entries: readonly BudgetConfig[]): ConfigBudget[] {
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const { tenant = 'default', ...input } = entry;
    try {
      const { name, settings } = parseBudget(input);
      if (seen.has(`${tenant}\u0000${name}`)) throw new InputError('name', `"${name}" is defined twice for tenant "${tenant}"`);
      seen.add(`${tenant}\u0000${name}`);
      return { tenant, name, settings };
    } catch (error) {
      throw keyed(i, error);
    }
  });
}

/**
 * Parent and allocation rules for the config budgets, against every budget in `registry`.
 * Children are checked first, so a child over its parent's allocation is the key named.
 */
export function checkConfigHierarchy(parsed: readonly ConfigBudget[], registry: BudgetRegistry): void {
  const childrenFirst = [...parsed.entries()].sort(([, a], [, b]) => Number(b.settings.parent !== null) - Number(a.settings.parent !== null));
  for (const [i, { tenant, name, settings }] of childrenFirst) {
    try {
      checkHierarchy({ tenant, name, id: registry.byName(tenant, name)?.id ?? null, settings }, registry);
    } catch (error) {
      throw keyed(i, error);
    }
  }
}

/**
 * Validates the budgets section on its own, without a database (`tokentally validate`): API
 * budgets can still clash with it at start-up, which then fails with the same kind of message.
 */
export function validateBudgetsConfig(entries: readonly BudgetConfig[]): void {
  const parsed = parseConfigBudgets(entries);
  const registry = new BudgetRegistry();
  registry.load(
    parsed.map(({ tenant, name, settings }, i): Budget => ({ id: `config-${i}`, tenant, name, source: 'config', createdMs: 0, updatedMs: 0, ...settings })),
  );
  checkConfigHierarchy(parsed, registry);
}
